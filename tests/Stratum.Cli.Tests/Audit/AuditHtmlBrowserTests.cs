using System.Diagnostics;
using System.Text.RegularExpressions;
using Stratum.Testing;

namespace Stratum.Cli.Tests.Audit;

/// <summary>The HTML audit report opened in headless Debian Chromium: figures and charts are there, nothing comes from the network.</summary>
public partial class AuditHtmlBrowserTests
{
    private static string Chromium => Environment.GetEnvironmentVariable("STRATUM_TEST_CHROMIUM") ?? "";

    [SkippableFact]
    public async Task The_report_opens_offline_in_chromium_with_its_figures_and_charts()
    {
        ServerRequirement.Require(File.Exists(Chromium), $"Chromium (STRATUM_TEST_CHROMIUM={Chromium})", "eval \"$(bash scripts/services/chromium.sh start)\"");
        var dir = Directory.CreateTempSubdirectory("stratum-audit-html-").FullName;
        var (exit, _, stderr) = await StratumProcess.RunAsync(dir, "simulate", "--legacy-incident", "--dir", dir);
        Assert.True(exit == 0, stderr);
        var html = Path.Combine(dir, "incident.html");
        (exit, _, stderr) = await StratumProcess.RunAsync(dir, "audit", "--project", dir, "--table", "time_entries", "--key", "id", "--version", "last_updated", "--html", html);
        Assert.True(exit == 1, stderr);

        var text = await File.ReadAllTextAsync(html);
        Assert.Empty(NetworkReference().Matches(text));
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", text, StringComparison.OrdinalIgnoreCase);

        var dom = await RunChromiumAsync(dir, "--dump-dom", new Uri(html).AbsoluteUri);
        Assert.Contains("45,000", dom, StringComparison.Ordinal);
        Assert.Contains("43,000", dom, StringComparison.Ordinal);
        Assert.Contains("44,000", dom, StringComparison.Ordinal);
        Assert.Contains("97.78%", dom, StringComparison.Ordinal);
        Assert.Contains("same_version_different_current", dom, StringComparison.Ordinal);
        foreach (var chart in new[] { "chart-group-sizes", "chart-tenants", "chart-violations" })
        {
            var svg = Regex.Match(dom, $"<svg id=\"{chart}\"[^>]*>(.*?)</svg>", RegexOptions.Singleline);
            Assert.True(svg.Success, $"no {chart} in the rendered page");
            Assert.Contains("<rect", svg.Groups[1].Value, StringComparison.Ordinal);
        }

        var png = Path.Combine(dir, "report.png");
        await RunChromiumAsync(dir, $"--screenshot={png}", "--window-size=1000,1600", new Uri(html).AbsoluteUri);
        Assert.True(new FileInfo(png).Length > 10_000, "the screenshot is empty");
    }

    private static async Task<string> RunChromiumAsync(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={Directory.CreateTempSubdirectory("stratum-chromium-").FullName}" }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }
        psi.WorkingDirectory = dir;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(hang.Token);
        Assert.True(p.ExitCode == 0, $"chromium exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }

    /// <summary>A src or href (or CSS url) pointing at http(s) or a protocol-relative host.</summary>
    [GeneratedRegex("""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex NetworkReference();
}
