using System.Globalization;
using System.Text.Json;

namespace Stratum.Cli.Tests.Ops;

/// <summary>
/// Issue 11 item 4: a version dropped by the tie rule is visible — in the run's table, `status`,
/// `check` (a threshold, default 0) and `conflicts list`, which names the key, the time and the file.
/// </summary>
public class TieConflictTests
{
    private static async Task LandAsync(EmbeddedWorld w, string name, string firstName, string at)
        => await w.Objects.PutAsync(w.Stream.Prefix + name, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            $"{ContactsFiles.Header}\n7,{firstName},Ruiz,10,CTO,a7@example.com,,false,true,connectwise,7,{at}\n")), default);

    [Fact]
    public async Task Two_versions_of_a_key_at_one_time_are_reported_by_run_status_check_and_conflicts_list()
    {
        await using var w = new EmbeddedWorld("contacts", tenant: "ties");
        var at = DateTime.UtcNow.AddMinutes(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        await LandAsync(w, "a.csv", "Ana", at);
        await LandAsync(w, "b.csv", "Anna", at);

        var (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "run", "--table", "contacts");
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("1 version(s) were dropped by the tie rule", stdout, StringComparison.Ordinal);

        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "status", "--table", "contacts", "--json");
        Assert.Equal(0, exit);
        var status = JsonDocument.Parse(stdout).RootElement.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("stream").GetString() == "ties/contacts");
        Assert.Equal(1, status.GetProperty("tie_conflicts24h").GetInt64());

        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "check", "--table", "contacts");
        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        var row = Assert.Single(stdout.Split('\n'), l => l.Contains("ties/contacts", StringComparison.Ordinal) && l.Contains("tie_conflicts", StringComparison.Ordinal));
        Assert.Contains("FAIL", row, StringComparison.Ordinal);
        Assert.Equal(0, (await StratumProcess.RunAsync(w.Dir, "check", "--table", "contacts", "--max-tie-conflicts", "1")).Exit);

        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "conflicts", "list", "--json");
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var list = JsonDocument.Parse(stdout).RootElement;
        var c = Assert.Single(list.GetProperty("conflicts").EnumerateArray());
        Assert.Equal("ties/contacts", c.GetProperty("stream").GetString());
        Assert.Equal("7", c.GetProperty("key").GetString());
        Assert.Equal(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture), c.GetProperty("event_time").GetDateTimeOffset());
        Assert.EndsWith(".csv", c.GetProperty("dropped_from").GetString(), StringComparison.Ordinal);
        Assert.False(c.GetProperty("coarse").GetBoolean());
        Assert.Equal(0, list.GetProperty("unlisted").GetInt64());
    }
}
