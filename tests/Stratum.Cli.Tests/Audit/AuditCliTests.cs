using System.Text.Json;

namespace Stratum.Cli.Tests.Audit;

/// <summary>`simulate --legacy-incident`, `audit`, `clean` and `restore` as separate processes on DuckDB, as an operator runs them.</summary>
public class AuditCliTests
{
    private static string[] Table(string dir) => ["--project", dir, "--table", "time_entries", "--key", "id", "--version", "last_updated"];

    [Fact]
    public async Task The_incident_is_built_audited_cleaned_and_restored_from_the_command_line()
    {
        var dir = Directory.CreateTempSubdirectory("stratum-audit-cli-").FullName;
        var (exit, stdout, stderr) = await StratumProcess.RunAsync(dir, "simulate", "--legacy-incident", "--dir", dir, "--json");
        Assert.True(exit == 0, $"{exit}\n{stdout}\n{stderr}");
        var built = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(45_000, built.GetProperty("rows").GetInt64());
        Assert.Equal(44_000, built.GetProperty("audit").GetProperty("version_duplicates").GetProperty("duplicate_rows").GetInt64());

        (exit, stdout, _) = await StratumProcess.RunAsync(dir, ["audit", .. Table(dir), "--json"]);
        Assert.Equal(1, exit);
        var audit = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(43_000, audit.GetProperty("exact_duplicates").GetProperty("duplicate_rows").GetInt64());
        Assert.Equal(97.78, audit.GetProperty("version_duplicates").GetProperty("percent").GetDouble());
        var finding = Assert.Single(audit.GetProperty("violations").EnumerateArray());
        Assert.Equal("same_version_different_current", finding.GetProperty("kind").GetString());

        (exit, stdout, _) = await StratumProcess.RunAsync(dir, ["clean", "duplicates", .. Table(dir)]);
        Assert.Equal(1, exit); // a dry run that found something to clean
        Assert.Contains("dry run", stdout, StringComparison.Ordinal);
        Assert.Contains("43,000", stdout, StringComparison.Ordinal);

        // No --yes and no terminal: refused, nothing changed.
        (exit, _, stderr) = await StratumProcess.RunAsync(dir, ["clean", "duplicates", .. Table(dir), "--execute"]);
        Assert.Equal(2, exit);
        Assert.Contains("--yes", stderr, StringComparison.Ordinal);

        (exit, stdout, stderr) = await StratumProcess.RunAsync(dir, ["clean", "duplicates", .. Table(dir), "--execute", "--yes"]);
        Assert.True(exit == 0, $"{exit}\n{stdout}\n{stderr}");
        var dupsId = CleanupIdLine(stdout);

        (exit, stdout, _) = await StratumProcess.RunAsync(dir, ["clean", "duplicates", .. Table(dir), "--execute", "--yes", "--json"]);
        Assert.Equal(0, exit);
        var again = JsonDocument.Parse(stdout).RootElement;
        Assert.False(again.GetProperty("executed").GetBoolean());
        Assert.False(again.TryGetProperty("cleanup_id", out _));

        (exit, stdout, _) = await StratumProcess.RunAsync(dir, ["clean", "scd", .. Table(dir), "--execute", "--yes", "--json"]);
        Assert.Equal(0, exit);
        var scd = JsonDocument.Parse(stdout).RootElement;
        var scdId = scd.GetProperty("cleanup_id").GetString()!;
        Assert.Equal(1_000, scd.GetProperty("after").GetProperty("total_rows").GetInt64());
        Assert.Equal(1_000, scd.GetProperty("after").GetProperty("current_rows").GetInt64());
        Assert.Equal(1_000, scd.GetProperty("after").GetProperty("versions").GetInt64());

        (exit, stdout, _) = await StratumProcess.RunAsync(dir, ["audit", .. Table(dir)]);
        Assert.Equal(0, exit);
        Assert.Contains("CLEAN", stdout, StringComparison.Ordinal);

        foreach (var id in new[] { scdId, dupsId })
        {
            (exit, stdout, stderr) = await StratumProcess.RunAsync(dir, "restore", id, "--project", dir, "--json");
            Assert.True(exit == 0, $"{exit}\n{stdout}\n{stderr}");
            Assert.True(JsonDocument.Parse(stdout).RootElement.GetProperty("identical_to_before_cleanup").GetBoolean());
        }
        (exit, stdout, _) = await StratumProcess.RunAsync(dir, ["audit", .. Table(dir), "--json"]);
        Assert.Equal(45_000, JsonDocument.Parse(stdout).RootElement.GetProperty("total_rows").GetInt64());
        (exit, _, stderr) = await StratumProcess.RunAsync(dir, "restore", dupsId, "--project", dir);
        Assert.Equal(2, exit);
        Assert.Contains("restored already", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_names_and_missing_tables_are_usage_errors()
    {
        var dir = Directory.CreateTempSubdirectory("stratum-audit-cli-").FullName;
        var (exit, _, stderr) = await StratumProcess.RunAsync(dir, "simulate", "--legacy-incident", "--dir", dir, "--records", "3", "--workers", "2");
        Assert.True(exit == 0, stderr);
        (exit, _, stderr) = await StratumProcess.RunAsync(dir, ["audit", .. Table(dir), "--lineage", "batch; DROP TABLE x"]);
        Assert.Equal(2, exit);
        Assert.Contains("only a-z, 0-9 and _", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await StratumProcess.RunAsync(dir, ["audit", .. Table(dir), "--loaded-at", "inserted_at"]);
        Assert.Equal(2, exit);
        Assert.Contains("loaded-at column 'inserted_at' is not a column", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await StratumProcess.RunAsync(dir, "audit", "--project", dir, "--table", "nope", "--key", "id");
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await StratumProcess.RunAsync(dir, "restore", "20250101-000000-deadbeef", "--project", dir);
        Assert.Equal(2, exit);
        Assert.Contains("no cleanup", stderr, StringComparison.Ordinal);
    }

    private static string CleanupIdLine(string stdout)
    {
        var line = stdout.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.StartsWith("cleanup id: ", StringComparison.Ordinal));
        return line["cleanup id: ".Length..];
    }
}
