using System.Reflection;
using System.Xml.Linq;

namespace Stratum.Cli.Tests.Architecture;

/// <summary>
/// The dependency rule of docs/architecture.md, enforced on the built assemblies (what the compiler
/// actually linked) and on the project files (what a build may link): Core depends on nothing of
/// ours; each adapter on Core; the adapter catalogue (Stratum.Adapters) on Core and the adapters;
/// Hosting on Core; Configuration (settings → a deployment) on Core, Hosting, the catalogue and the
/// adapters; Simulation on Core, the catalogue and the adapters; the CLI on anything.
/// </summary>
public sealed class DependencyRuleTests
{
    private static readonly string[] Adapters = ["Stratum.Sqlite", "Stratum.DuckDb", "Stratum.ClickHouse", "Stratum.Aws", "Stratum.Formats"];

    public static TheoryData<string, string[]> Rule => new()
    {
        { "Stratum.Core", [] },
        { "Stratum.Sqlite", ["Stratum.Core"] },
        { "Stratum.DuckDb", ["Stratum.Core"] },
        { "Stratum.ClickHouse", ["Stratum.Core"] },
        { "Stratum.Aws", ["Stratum.Core"] },
        { "Stratum.Formats", ["Stratum.Core"] },
        { "Stratum.Adapters", ["Stratum.Core", .. Adapters] },
        { "Stratum.Hosting", ["Stratum.Core"] },
        { "Stratum.Configuration", ["Stratum.Core", "Stratum.Hosting", "Stratum.Adapters", .. Adapters] },
        { "Stratum.Simulation", ["Stratum.Core", "Stratum.Adapters", .. Adapters] },
    };

    [Theory]
    [MemberData(nameof(Rule))]
    public void An_assembly_links_only_what_the_rule_allows(string assembly, string[] allowed)
    {
        var linked = Assembly.Load(assembly).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Stratum", StringComparison.Ordinal) || n == "stratum")
            .ToList();
        Assert.All(linked, n => Assert.True(allowed.Contains(n), $"{assembly} links {n}; the rule allows {(allowed.Length == 0 ? "nothing of ours" : string.Join(", ", allowed))}"));
    }

    [Theory]
    [MemberData(nameof(Rule))]
    public void A_project_references_only_what_the_rule_allows(string project, string[] allowed)
    {
        var file = Path.Combine(Root(), "src", project, project + ".csproj");
        var references = XDocument.Load(file).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
        Assert.All(references, r => Assert.True(allowed.Contains(r), $"{project}.csproj references {r}; the rule allows {(allowed.Length == 0 ? "nothing of ours" : string.Join(", ", allowed))}"));
    }

    [Fact]
    public void Every_product_project_is_under_the_rule()
    {
        var projects = Directory.GetDirectories(Path.Combine(Root(), "src")).Select(Path.GetFileName).Where(n => n is not ("Stratum.Cli" or "Stratum.Lambda")).Order(StringComparer.Ordinal);
        Assert.Equal(Rule.Select(r => (string)r[0]).Order(StringComparer.Ordinal), projects);
    }

    /// <summary>The Lambda host runs what the CLI's <c>run</c> runs, through the same settings; it ships no simulation.</summary>
    [Fact]
    public void The_lambda_host_references_hosting_and_configuration_only()
    {
        var file = Path.Combine(Root(), "src", "Stratum.Lambda", "Stratum.Lambda.csproj");
        var references = XDocument.Load(file).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["Stratum.Configuration", "Stratum.Core", "Stratum.Hosting"], references);
    }

    [Fact]
    public void No_product_assembly_but_the_CLI_ships_fixtures_or_the_simulation()
    {
        foreach (var name in Rule.Select(r => (string)r[0]).Where(n => n != "Stratum.Simulation"))
        {
            var types = Assembly.Load(name).GetTypes().Select(t => t.FullName!).ToList();
            Assert.DoesNotContain(types, t => t.Contains("Fixture", StringComparison.Ordinal) || t.Contains("Legacy", StringComparison.Ordinal) && t.Contains("Table", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_audit_never_depends_on_the_cleanup()
    {
        // Cleanup (the rewrite port, ITableRewriter) builds on the audit (the read-only port); the reverse would be a cycle.
        var audit = Path.Combine(Root(), "src", "Stratum.Core", "Audit");
        Assert.All(Directory.GetFiles(audit, "*.cs", SearchOption.AllDirectories), f =>
            Assert.False(File.ReadAllText(f).Contains("Stratum.Cleanup", StringComparison.Ordinal), $"{Path.GetRelativePath(audit, f)} uses Stratum.Cleanup"));
    }

    private static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Stratum.slnx")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException($"no repository root above {AppContext.BaseDirectory}");
    }
}
