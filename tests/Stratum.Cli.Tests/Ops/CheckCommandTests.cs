using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Stratum.Cli.Tests.Ops;

/// <summary><c>stratum check</c> as a process: a clear table, the exit codes, the webhook.</summary>
public class CheckCommandTests
{
    [Fact]
    public async Task Check_exits_1_with_a_clear_table_on_a_stale_stream_and_0_after_it_is_loaded()
    {
        await using var w = new EmbeddedWorld("contacts", tenant: "check-stale");
        await ContactsFiles.LandAsync(w, "old.csv", TimeSpan.FromHours(3), 1, 2);
        Assert.Equal(0, (await StratumProcess.RunAsync(w.Dir, "run")).Exit);

        var (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "check");
        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        var row = Assert.Single(stdout.Split('\n'), l => l.Contains("check-stale/contacts", StringComparison.Ordinal) && l.Contains("freshness", StringComparison.Ordinal));
        Assert.Contains("FAIL", row, StringComparison.Ordinal);
        Assert.Contains("3h behind", row, StringComparison.Ordinal);
        Assert.Contains("<= 1h", row, StringComparison.Ordinal);
        Assert.Contains("1 of 33 checks failed on 1 of 4 streams.", stdout, StringComparison.Ordinal);

        await ContactsFiles.LandAsync(w, "new.csv", TimeSpan.FromMinutes(2), 2, 3);
        Assert.Equal(1, (await StratumProcess.RunAsync(w.Dir, "check")).Exit); // landed, not loaded: still 3h behind
        Assert.Equal(0, (await StratumProcess.RunAsync(w.Dir, "run")).Exit);

        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "check", "--json");
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.True(result.GetProperty("passed").GetBoolean());
        var freshness = result.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("stream").GetString() == "check-stale/contacts" && r.GetProperty("check").GetString() == "freshness");
        Assert.InRange(freshness.GetProperty("value").GetDouble(), 110, 3600);

        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "check", "--table", "contacts", "--max-lag", "1m");
        Assert.Equal(1, exit);
        Assert.Contains("<= 1m", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_receives_what_failed_and_its_secret_never_shows()
    {
        await using var w = new EmbeddedWorld("contacts", tenant: "check-webhook");
        await ContactsFiles.LandAsync(w, "old.csv", TimeSpan.FromHours(5), 1);
        await w.Objects.PutAsync(w.Stream.Prefix + "broken.csv", new MemoryStream("id,lastUpdated\nx,never\n"u8.ToArray()), default);
        await StratumProcess.RunAsync(w.Dir, "run");

        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var url = $"http://127.0.0.1:{port}/hooks/T000/B000/secret-token?sig=abc123";
        var received = Receive(listener, 200);
        var (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "check", "--webhook", url);
        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        var (path, body) = await received.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal("/hooks/T000/B000/secret-token?sig=abc123", path);
        var alert = JsonDocument.Parse(body).RootElement;
        var text = alert.GetProperty("text").GetString()!;
        Assert.StartsWith("Stratum check failed: 2 of 33 checks on 1 of 4 streams", text, StringComparison.Ordinal);
        Assert.Contains("- check-webhook/contacts freshness: 5h behind (threshold <= 1h)", text, StringComparison.Ordinal);
        Assert.Contains("- check-webhook/contacts quarantined: 1 file (threshold <= 0)", text, StringComparison.Ordinal);
        Assert.Equal(2, alert.GetProperty("failed").GetArrayLength());
        Assert.DoesNotContain("secret-token", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", stdout + stderr, StringComparison.Ordinal);

        received = Receive(listener, 500);
        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "check", "--webhook", url);
        await received.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(exit == 2, $"an alert that could not be delivered exits 2; got {exit}\n{stdout}\n{stderr}");
        Assert.Contains("the webhook at http://127.0.0.1:" + port + "/… answered 500", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", stdout + stderr, StringComparison.Ordinal);
    }

    private static async Task<(string Path, string Body)> Receive(HttpListener listener, int status)
    {
        var ctx = await listener.GetContextAsync();
        using var reader = new StreamReader(ctx.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        var path = ctx.Request.RawUrl ?? "";
        Assert.Equal("POST", ctx.Request.HttpMethod);
        Assert.StartsWith("application/json", ctx.Request.ContentType, StringComparison.Ordinal);
        ctx.Response.StatusCode = status;
        ctx.Response.Close();
        return (path, body);
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
