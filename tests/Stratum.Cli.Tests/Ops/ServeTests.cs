using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Stratum.Sqlite;

namespace Stratum.Cli.Tests.Ops;

/// <summary><c>stratum serve</c> as a process on loopback: it loads on its schedule, answers its endpoints and stops gracefully.</summary>
public class ServeTests
{
    [Fact]
    public async Task Serve_loads_new_files_on_its_schedule_answers_every_endpoint_and_stops_on_sigterm()
    {
        const string tenant = "serve-e2e";
        await using var w = new EmbeddedWorld(tenant: tenant);
        var files = w.Generate(records: 60, syncs: 3);
        await w.LandAsync(files[0]);
        await w.LandAsync(files[1]);
        await using var serve = await ServeProcess.StartAsync(w.Dir, "--interval", "1s", "--jitter", "0s");
        var stream = $"{tenant}/time_entries";

        await serve.WaitForAsync(s => ServeProcess.Figure(s, stream, "files_committed") == 2, "the first two files committed");

        var health = await serve.Http.GetAsync(new Uri(serve.Url, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var ready = await serve.Http.GetAsync(new Uri(serve.Url, "/readyz"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"status\": \"ready\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A file landing while the service runs is loaded by a later pass, without anyone asking.
        await w.LandAsync(files[2]);
        var status = await serve.WaitForAsync(s => ServeProcess.Figure(s, stream, "files_committed") == 3, "the file landed later committed");

        var metrics = await serve.Http.GetAsync(new Uri(serve.Url, "/metrics"));
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metrics.Content.Headers.ContentType?.ToString());
        var text = await metrics.Content.ReadAsStringAsync();
        var labels = $"{{table=\"time_entries\",tenant=\"{tenant}\"}}";
        Assert.Equal(3, Value(text, "stratum_files_committed_total" + labels));
        var inserted = status.GetProperty("recent_loads").EnumerateArray().Where(l => l.GetProperty("stream").GetString() == stream).Sum(l => l.GetProperty("inserted").GetInt64());
        Assert.True(inserted > 0);
        Assert.Equal(inserted, Value(text, "stratum_rows_inserted_total" + labels));
        Assert.Equal(0, Value(text, "stratum_stream_pending_files" + labels));
        Assert.Equal(0, Value(text, "stratum_check_duplicates" + labels));
        Assert.Equal(0, Value(text, "stratum_check_violations" + labels));
        Assert.True(Value(text, "stratum_files_already_loaded_total" + labels) >= 2, "every pass after the first finds the files already loaded");
        Assert.True(Value(text, "stratum_load_duration_seconds_count" + labels) >= 2);
        Assert.Contains("# TYPE stratum_stream_lag_seconds gauge", text, StringComparison.Ordinal);

        Assert.Equal(0, await serve.TerminateAsync());
        Assert.Contains("stopping: loads finish their current batch", serve.Output, StringComparison.Ordinal);
        Assert.Contains("stopped", serve.Output, StringComparison.Ordinal);
        var state = new SqliteStateStore(w.StatePath, TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        Assert.NotNull(await state.TryAcquireLeaseAsync(w.Stream, "after-serve", TimeSpan.FromMinutes(1), default));
    }

    [Fact]
    public async Task Serve_refuses_a_bad_schedule_with_exit_2()
    {
        await using var w = new EmbeddedWorld(tenant: "serve-bad");
        var (exit, _, stderr) = await StratumProcess.RunAsync(w.Dir, "serve", "--cron", "61 * * * *");
        Assert.Equal(2, exit);
        Assert.Contains("cron minute '61': 61 is outside 0-59", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await StratumProcess.RunAsync(w.Dir, "serve", "--listen", "nowhere");
        Assert.Equal(2, exit);
        Assert.Contains("expected ADDRESS:PORT", stderr, StringComparison.Ordinal);
    }

    /// <summary>The value of one series in Prometheus text; fails when absent.</summary>
    public static double Value(string text, string series)
    {
        var m = Regex.Match(text, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        Assert.True(m.Success, $"no series {series} in:\n{text}");
        return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
