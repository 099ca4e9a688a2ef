using System.Text.Json;
using Stratum.Configuration;
using Stratum.State;

namespace Stratum.Cli.Tests.Ops;

/// <summary>
/// The circuit breaker as a user meets it, with the tool run as processes on the embedded stores: a
/// stream that keeps failing (its contract changed under a loaded table) opens its breaker;
/// <c>run</c> then skips it, <c>status</c> shows it open, <c>check</c> fails on it, <c>resume</c>
/// closes it (and refuses streams that are not the project's). Plus the <c>breaker:</c> settings.
/// </summary>
public sealed class BreakerCliTests
{
    private static JsonElement Runs(string stdout) => JsonDocument.Parse(stdout).RootElement.GetProperty("runs");

    private static JsonElement StatusOf(string stdout, string stream)
        => JsonDocument.Parse(stdout).RootElement.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("stream").GetString() == stream);

    [Fact]
    public async Task Run_opens_the_breaker_then_skips_status_and_check_show_it_and_resume_closes_it()
    {
        await using var w = new EmbeddedWorld();
        File.AppendAllText(Path.Combine(w.Dir, "stratum.yaml"), "\nbreaker:\n  failures: 2\n  backoff: 1h\n");
        var files = w.Generate(records: 20, syncs: 2);
        await w.LandAsync(files[0]);
        Assert.Equal(LoadOutcome.Loaded, (await w.LoadAsync()).Outcome);
        // The contract changes under the loaded table: every load of the stream now fails until `stratum migrate`.
        File.AppendAllText(Path.Combine(w.Dir, "contracts", "time_entries.yaml"), "  breaker_note: string?\n");
        await w.LandAsync(files[1]);
        var stream = w.Stream.Key;

        var (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "run", "--table", "time_entries", "--json");
        Assert.True(exit == 1, $"{exit}\n{stdout}\n{stderr}");
        Assert.Equal("failed", Runs(stdout)[0].GetProperty("outcome").GetString());
        Assert.DoesNotContain("circuit", stderr, StringComparison.Ordinal);

        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "run", "--table", "time_entries", "--json");
        Assert.Equal(1, exit);
        Assert.Equal("failed", Runs(stdout)[0].GetProperty("outcome").GetString());
        Assert.Contains($"{stream}: breaker closed → open: 2 failed loads in a row (last: ", stderr, StringComparison.Ordinal); // the transition, as it happens
        Assert.Contains($"`stratum resume {stream}` closes it by hand", stderr, StringComparison.Ordinal);

        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "run", "--table", "time_entries");
        Assert.True(exit == 1, $"an open breaker needs a person: exit 1; got {exit}\n{stdout}\n{stderr}");
        Assert.Contains("skipped: circuit breaker open", stdout, StringComparison.Ordinal);
        Assert.Contains("the circuit breaker is open until", stdout, StringComparison.Ordinal);

        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "status", "--json");
        Assert.Equal(0, exit);
        var status = StatusOf(stdout, stream);
        Assert.Equal("open", status.GetProperty("breaker").GetString());
        Assert.Equal(2, status.GetProperty("breaker_failures").GetInt32());
        Assert.Contains("stratum migrate", status.GetProperty("breaker_error").GetString(), StringComparison.Ordinal);
        var until = status.GetProperty("breaker_open_until").GetDateTimeOffset();
        Assert.InRange(until - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(75)); // 1h ± 20%
        Assert.Equal("closed", StatusOf(stdout, "sitetechnology/contacts").GetProperty("breaker").GetString());
        Assert.Equal("failed", status.GetProperty("last_outcome").GetString()); // a skip is not a load

        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "status");
        Assert.Contains("open until", stdout, StringComparison.Ordinal);
        Assert.Contains($"`stratum resume {stream}` closes it.", stdout, StringComparison.Ordinal);

        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "check", "--table", "time_entries", "--json");
        Assert.Equal(1, exit);
        var breakerCheck = JsonDocument.Parse(stdout).RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("check").GetString() == "breaker");
        Assert.False(breakerCheck.GetProperty("passed").GetBoolean());

        // resume: streams that are not the project's are refused with exit 2 and a clear message.
        (exit, _, stderr) = await StratumProcess.RunAsync(w.Dir, "resume", "nobody/time_entries");
        Assert.Equal(2, exit);
        Assert.Contains("unknown stream nobody/time_entries: tenant 'nobody' is not enabled", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await StratumProcess.RunAsync(w.Dir, "resume", "sitetechnology/no_such_table");
        Assert.Equal(2, exit);
        Assert.Contains("no contract for table 'no_such_table'", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await StratumProcess.RunAsync(w.Dir, "resume", "time_entries");
        Assert.Equal(2, exit);
        Assert.Contains("expected TENANT/TABLE", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await StratumProcess.RunAsync(w.Dir, "resume");
        Assert.Equal(2, exit);
        Assert.Contains("or give --all", stderr, StringComparison.Ordinal);

        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "resume", stream);
        Assert.True(exit == 0, $"{exit}\n{stdout}\n{stderr}");
        Assert.Contains($"{stream}: circuit breaker closed (it was open, skipping until", stdout, StringComparison.Ordinal);
        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "resume", "--all", "--json");
        Assert.Equal(0, exit);
        Assert.Equal(0, JsonDocument.Parse(stdout).RootElement.GetArrayLength()); // none open any more

        (_, stdout, _) = await StratumProcess.RunAsync(w.Dir, "status", "--json");
        Assert.Equal("closed", StatusOf(stdout, stream).GetProperty("breaker").GetString());
        Assert.Equal(0, StatusOf(stdout, stream).GetProperty("breaker_failures").GetInt32());
        (_, stdout, _) = await StratumProcess.RunAsync(w.Dir, "run", "--table", "time_entries", "--json");
        Assert.Equal("failed", Runs(stdout)[0].GetProperty("outcome").GetString()); // tried again (and still failing: the contract is still changed)
    }

    [Fact]
    public async Task Resume_help_teaches_what_a_breaker_is_and_how_to_name_a_stream()
    {
        var (exit, stdout, _) = await StratumProcess.RunAsync(Path.GetTempPath(), "resume", "--help");
        Assert.Equal(0, exit);
        foreach (var part in new[] { "TENANT/TABLE", "--all", "breaker.failures", "skipped-breaker-open", "trial load", "stratum resume acme/time_entries", "Exit 0" })
        {
            Assert.Contains(part, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_breaker_section_sets_the_policy_and_bad_values_name_the_file_line_and_setting()
    {
        var dir = Directory.CreateTempSubdirectory("stratum-breaker-settings-").FullName;
        File.WriteAllText(Path.Combine(dir, "stratum.yaml"), "breaker:\n  failures: 5\n  backoff: 30s\n  max_backoff: 2h\n  jitter: 10%\n");
        var s = ProjectSettings.Load(dir, _ => null);
        Assert.Equal(new Breaking.BreakerPolicy { Failures = 5, Backoff = TimeSpan.FromSeconds(30), MaxBackoff = TimeSpan.FromHours(2), Jitter = 0.1 }, s.Breaker);
        Assert.Equal(Breaking.BreakerPolicy.Default, ProjectSettings.Load(null, _ => null).Breaker);
        Assert.Equal(0, ProjectSettings.Load(dir, v => v == "STRATUM_BREAKER_FAILURES" ? "0" : null).Breaker.Failures);

        foreach (var (yaml, message) in new[]
        {
            ("objects: file://./in\nbreaker:\n  failures: many\n", "stratum.yaml:3: breaker.failures: 'many' is not a whole number of 0 (off) or more"),
            ("breaker:\n  backoff: soon\n", "stratum.yaml:2: breaker.backoff: 'soon' is not a duration"),
            ("breaker:\n  backoff: 0s\n", "stratum.yaml:2: breaker.backoff: '0s' must be longer than 0"),
            ("breaker:\n  jitter: 100%\n", "stratum.yaml:2: breaker.jitter: '100%' must be less than 100%"),
            ("breaker:\n  backoff: 2h\n", "stratum.yaml:2: breaker.max_backoff (1h) is shorter than breaker.backoff (2h)"),
            ("breaker:\n  max_backof: 2h\n", "stratum.yaml:2: unknown setting 'breaker.max_backof'"),
        })
        {
            File.WriteAllText(Path.Combine(dir, "stratum.yaml"), yaml);
            Assert.Contains(message, Assert.Throws<ConfigException>(() => ProjectSettings.Load(dir, _ => null)).Message, StringComparison.Ordinal);
        }
        File.WriteAllText(Path.Combine(dir, "stratum.yaml"), "");
        Assert.Contains("STRATUM_BREAKER_BACKOFF: breaker.backoff: 'x' is not a duration",
            Assert.Throws<ConfigException>(() => ProjectSettings.Load(dir, v => v == "STRATUM_BREAKER_BACKOFF" ? "x" : null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_init_template_documents_the_breaker_with_its_defaults()
    {
        var dir = Directory.CreateTempSubdirectory("stratum-breaker-init-").FullName;
        File.WriteAllText(Path.Combine(dir, "stratum.yaml"), Commands.InitCommand.ProjectTemplate);
        Assert.Equal(Breaking.BreakerPolicy.Default, ProjectSettings.Load(dir, _ => null).Breaker);
        Assert.Contains("stratum resume TENANT/TABLE", Commands.InitCommand.ProjectTemplate, StringComparison.Ordinal);
    }
}
