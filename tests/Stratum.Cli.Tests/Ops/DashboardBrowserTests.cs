using System.Diagnostics;
using System.Globalization;
using Stratum.Testing;

namespace Stratum.Cli.Tests.Ops;

/// <summary>The dashboard in headless Chromium (Debian's package) after real loads: the figures shown, and a screenshot kept as an artifact.</summary>
public class DashboardBrowserTests
{
    public static string Chromium => Environment.GetEnvironmentVariable("STRATUM_TEST_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    [SkippableFact]
    public async Task Dashboard_shows_the_loaded_figures_in_a_real_browser()
    {
        ServerRequirement.Require(File.Exists(Chromium), $"chromium ({Chromium})", "bash scripts/services/chromium.sh start");
        const string tenant = "dashboard";
        await using var w = new EmbeddedWorld(tenant: tenant);
        var generated = w.Generate(records: 150, syncs: 5);
        foreach (var f in generated)
        {
            await w.LandAsync(f);
        }
        await w.Objects.PutAsync(w.Stream.Prefix + "broken.csv", new MemoryStream("id,last_updated\nx,not-a-time\n"u8.ToArray()), default);
        await using var serve = await ServeProcess.StartAsync(w.Dir, "--interval", "1h", "--jitter", "0s");
        var stream = $"{tenant}/time_entries";
        var status = await serve.WaitForAsync(s => s.TryGetProperty("last_cycle", out _) && ServeProcess.Figure(s, stream, "files_quarantined") == 1, "the first pass done");
        var expected = ServeProcess.Stream(status, stream);
        var files = expected.GetProperty("files_committed").GetInt64();
        var rows = expected.GetProperty("rows_committed").GetInt64();
        var inserted = status.GetProperty("recent_loads").EnumerateArray().Sum(l => l.GetProperty("inserted").GetInt64());
        Assert.True(files == generated.Count && rows >= 150 && inserted > 0, status.ToString());

        var dom = await RunChromiumAsync("--dump-dom", serve.Url.ToString());
        var row = Between(dom, $"<tr data-stream=\"{stream}\">", "</tr>");
        Assert.Contains($"data-field=\"files_committed\">{N(files)}<", row, StringComparison.Ordinal);
        Assert.Contains($"data-field=\"rows_committed\">{N(rows)}<", row, StringComparison.Ordinal);
        Assert.Contains("data-field=\"files_quarantined\">1<", row, StringComparison.Ordinal);
        Assert.Contains("data-field=\"duplicates\">0<", row, StringComparison.Ordinal);
        Assert.Contains("data-field=\"violations\">0<", row, StringComparison.Ordinal);
        Assert.Contains("data-field=\"success_rate\">100%<", row, StringComparison.Ordinal);
        Assert.Contains($"data-stream=\"{stream}\" data-status=\"red\"", dom, StringComparison.Ordinal); // a quarantined file fails its check
        Assert.Contains($"data-field=\"rows_inserted_24h\">{N(inserted)}<", dom, StringComparison.Ordinal);
        Assert.Contains($"data-inserted=\"{inserted}\"", dom, StringComparison.Ordinal); // one pass, one bar
        Assert.Contains("data-quarantined=\"dashboard/canonical/time_entries/broken.csv\"", dom, StringComparison.Ordinal);
        Assert.Contains($"data-check=\"{stream}/quarantined\"", dom, StringComparison.Ordinal);
        Assert.Contains($"data-field=\"files_committed\">{N(files)}<", Between(dom, $"<tr data-load=\"{stream}\">", "</tr>"), StringComparison.Ordinal);

        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        var png = Path.Combine(artifacts, "dashboard.png");
        File.Delete(png);
        await RunChromiumAsync($"--screenshot={png}", "--window-size=1400,1400", serve.Url.ToString());
        var bytes = await File.ReadAllBytesAsync(png);
        Assert.True(bytes.Length > 10_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', $"screenshot {png}: {bytes.Length} bytes");
    }

    /// <summary>Needs Chromium and fails without it (never skips).</summary>
    [Fact]
    public async Task Metrics_api_and_dashboard_name_what_landed_and_will_never_be_loaded()
    {
        Assert.True(File.Exists(Chromium), $"chromium ({Chromium}) is not there. Start it with: bash scripts/services/chromium.sh start");
        const string tenant = "unl-dash";
        await using var w = await UnloadableTests.LandedAsync(tenant);
        await using var serve = await ServeProcess.StartAsync(w.Dir, "--interval", "1h", "--jitter", "0s");
        // The load quarantines the .xlsx; the five others stay unloadable.
        var status = await serve.WaitForAsync(s => s.TryGetProperty("last_cycle", out var c) && c.ValueKind == System.Text.Json.JsonValueKind.Object
            && s.GetProperty("unloadable_count").GetInt32() == 5, "the first pass done");
        var keys = status.GetProperty("unloadable").EnumerateArray().Select(u => u.GetProperty("key").GetString()).ToList();
        Assert.Equal(["Bad Tenant!/", "initech/", "stray.txt", $"{tenant}/canonical/stray.csv", $"{tenant}/canonical/unknown_table/"], keys);
        var check = status.GetProperty("check").GetProperty("results").EnumerateArray().Single(r => r.GetProperty("check").GetString() == "unloadable");
        Assert.False(check.GetProperty("passed").GetBoolean());

        var metrics = await serve.Http.GetStringAsync(new Uri(serve.Url, "/metrics"));
        Assert.Contains("# TYPE stratum_unloadable_objects gauge", metrics, StringComparison.Ordinal);
        Assert.Contains($"stratum_unloadable_objects{{reason=\"no_contract\",tenant=\"{tenant}\"}} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"stratum_unloadable_objects{{reason=\"outside_table_folder\",tenant=\"{tenant}\"}} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("stratum_unloadable_objects{reason=\"invalid_tenant_name\",tenant=\"Bad Tenant!\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("stratum_unloadable_objects{reason=\"no_canonical_folder\",tenant=\"initech\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("stratum_unloadable_objects{reason=\"outside_tenant_folder\",tenant=\"\"} 1\n", metrics, StringComparison.Ordinal);

        var dom = await RunChromiumAsync("--dump-dom", serve.Url.ToString());
        Assert.Contains("data-field=\"unloadable_total\" class=\"bad\">5<", dom, StringComparison.Ordinal);
        Assert.Contains("data-unloadable=\"Bad Tenant!/\"", dom, StringComparison.Ordinal);
        var row = Between(dom, $"<tr data-unloadable=\"{tenant}/canonical/unknown_table/\">", "</tr>");
        Assert.Contains("data-field=\"reason\">no_contract<", row, StringComparison.Ordinal);
        Assert.Contains("no contract for table 'unknown_table'", row, StringComparison.Ordinal);
        Assert.Contains("data-check=\"landing/unloadable\"", dom, StringComparison.Ordinal);

        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        var png = Path.Combine(artifacts, "dashboard-unloadable.png");
        File.Delete(png);
        await RunChromiumAsync($"--screenshot={png}", "--window-size=1400,2000", serve.Url.ToString());
        Assert.True(new FileInfo(png).Length > 10_000, png);
    }

    /// <summary>Needs Chromium and fails without it (never skips). A stream whose loads fail opens its breaker in serve's first pass.</summary>
    [Fact]
    public async Task Metrics_api_log_and_dashboard_show_an_open_circuit_breaker()
    {
        Assert.True(File.Exists(Chromium), $"chromium ({Chromium}) is not there. Start it with: bash scripts/services/chromium.sh start");
        const string tenant = "brk-dash";
        await using var w = new EmbeddedWorld(tenant: tenant);
        File.AppendAllText(Path.Combine(w.Dir, "stratum.yaml"), "\nbreaker:\n  failures: 1\n  backoff: 1h\n");
        var files = w.Generate(records: 20, syncs: 2);
        await w.LandAsync(files[0]);
        Assert.Equal(State.LoadOutcome.Loaded, (await w.LoadAsync()).Outcome);
        File.AppendAllText(Path.Combine(w.Dir, "contracts", "time_entries.yaml"), "  breaker_note: string?\n"); // every load now fails
        await w.LandAsync(files[1]);
        var stream = $"{tenant}/time_entries";

        await using var serve = await ServeProcess.StartAsync(w.Dir, "--interval", "1h", "--jitter", "0s");
        var status = await serve.WaitForAsync(s => s.TryGetProperty("last_cycle", out var c) && c.ValueKind == System.Text.Json.JsonValueKind.Object
            && s.GetProperty("breakers").GetArrayLength() == 1, "the breaker open after the first pass");
        var breaker = status.GetProperty("breakers")[0];
        Assert.Equal(stream, breaker.GetProperty("stream").GetString());
        Assert.Equal("open", breaker.GetProperty("phase").GetString());
        Assert.Contains("stratum migrate", breaker.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal("open", ServeProcess.Stream(status, stream).GetProperty("breaker").GetString());
        Assert.False(status.GetProperty("check").GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("check").GetString() == "breaker" && r.GetProperty("stream").GetString() == stream).GetProperty("passed").GetBoolean());

        var metrics = await serve.Http.GetStringAsync(new Uri(serve.Url, "/metrics"));
        Assert.Contains($"stratum_breaker_open{{table=\"time_entries\",tenant=\"{tenant}\"}} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"stratum_breaker_transitions_total{{from=\"closed\",table=\"time_entries\",tenant=\"{tenant}\",to=\"open\"}} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"{stream}: circuit breaker closed -> open: 1 failed load in a row", serve.Output, StringComparison.Ordinal); // the log

        var dom = await RunChromiumAsync("--dump-dom", serve.Url.ToString());
        Assert.Contains("data-field=\"breakers_open\" class=\"bad\">1<", dom, StringComparison.Ordinal);
        Assert.Contains("open until", Between(Between(dom, $"<tr data-stream=\"{stream}\">", "</tr>"), "data-field=\"breaker\"", "</td>"), StringComparison.Ordinal);
        var row = Between(dom, $"<tr data-breaker=\"{stream}\">", "</tr>");
        Assert.Contains("data-field=\"failures\">1<", row, StringComparison.Ordinal);
        Assert.Contains("stratum migrate", row, StringComparison.Ordinal);
        Assert.Contains($"data-check=\"{stream}/breaker\"", dom, StringComparison.Ordinal);

        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        var png = Path.Combine(artifacts, "dashboard-breaker.png");
        File.Delete(png);
        await RunChromiumAsync($"--screenshot={png}", "--window-size=1400,1600", serve.Url.ToString());
        Assert.True(new FileInfo(png).Length > 10_000, png);
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Between(string text, string start, string end)
    {
        var i = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(i >= 0, $"'{start}' is not in the page:\n{text}");
        return text[i..text.IndexOf(end, i, StringComparison.Ordinal)];
    }

    private static async Task<string> RunChromiumAsync(params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("stratum-chromium-").FullName;
        var psi = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}" }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish: {await stderr}");
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // chromium's helpers may still hold files for a moment
            }
        }
        Assert.True(p.ExitCode == 0, $"chromium exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }
}
