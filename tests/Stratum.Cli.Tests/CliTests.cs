using System.Diagnostics;
using System.Text.Json;
using Stratum.Invariants;
using Stratum.State;

namespace Stratum.Cli.Tests;

/// <summary>The `stratum` tool as separate processes: what users and schedulers run.</summary>
public class CliTests
{
    [Fact]
    public async Task Help_lists_every_command()
    {
        var (exit, stdout, _) = await StratumProcess.RunAsync(Path.GetTempPath(), "--help");
        Assert.Equal(0, exit);
        foreach (var command in new[] { "init", "contract", "load", "run", "status", "check", "doctor", "serve", "quarantine", "resume", "audit", "clean", "restore", "migrate", "simulate", "demo" })
        {
            Assert.Contains(command, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Contract_check_exits_2_with_every_problem_and_0_with_a_summary()
    {
        var dir = Directory.CreateTempSubdirectory("stratum-contract-").FullName;
        var bad = Path.Combine(dir, "bad.yaml");
        await File.WriteAllTextAsync(bad, "table: t\nkey: [idd]\nevent_time: ts\ncolumns:\n  id: string\n  ts: timestmp\n");
        var (exit, stdout, _) = await StratumProcess.RunAsync(dir, "contract", "check", bad);
        Assert.Equal(2, exit); // a contract problem: could not run (the README's table)
        Assert.Contains("bad.yaml:2: key: names 'idd'", stdout, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:6: columns.ts: unknown type 'timestmp'", stdout, StringComparison.Ordinal);

        var good = Path.Combine(AppContext.BaseDirectory, "../../../../../examples/msp/contracts");
        (exit, stdout, _) = await StratumProcess.RunAsync(dir, "contract", "check", good, "--json");
        Assert.Equal(0, exit);
        var summaries = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(4, summaries.GetArrayLength());
        Assert.All(summaries.EnumerateArray(), c => Assert.Equal("reject", c.GetProperty("missing_columns").GetString()));

        var lenient = Path.Combine(dir, "lenient.yaml");
        await File.WriteAllTextAsync(lenient, "table: t\nkey: [id]\nevent_time: file:modified\nmissing_columns: null\ncolumns:\n  id: string\n  v: string?\n");
        (exit, stdout, _) = await StratumProcess.RunAsync(dir, "contract", "check", lenient, "--json");
        Assert.Equal(0, exit);
        Assert.Equal("null", JsonDocument.Parse(stdout).RootElement[0].GetProperty("missing_columns").GetString());
    }

    [Fact]
    public async Task Sixteen_worker_processes_produce_the_single_worker_table()
    {
        var dir = Directory.CreateTempSubdirectory("stratum-procs-").FullName;
        var (exit, stdout, stderr) = await StratumProcess.RunAsync(dir,
            "simulate", "--workers", "16", "--processes", "--records", "200", "--syncs", "6", "--waves", "1", "--dir", Path.Combine(dir, "sim"), "--json");
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.True(result.GetProperty("passed").GetBoolean(), stdout);
        Assert.Equal(0, result.GetProperty("exact_duplicate_rows").GetInt32());
        Assert.Equal(result.GetProperty("expected_rows").GetInt32(), result.GetProperty("rows_in_table").GetInt32());
        Assert.Equal("processes", result.GetProperty("worker_kind").GetString());
    }

    [Fact]
    public async Task Demo_shows_zero_duplicates_for_44_workers()
    {
        var dir = Directory.CreateTempSubdirectory("stratum-demo-").FullName;
        var (exit, stdout, stderr) = await StratumProcess.RunAsync(dir, "demo", "--dir", Path.Combine(dir, "demo"), "--json");
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(44, result.GetProperty("workers").GetInt32());
        Assert.Equal(0, result.GetProperty("exact_duplicate_rows").GetInt32());
        Assert.Equal(0, result.GetProperty("violations").GetInt32());
        Assert.Equal(0, result.GetProperty("lost_versions").GetInt32());
    }

    [Fact]
    public async Task Init_run_status_and_quarantine_work_together()
    {
        await using var w = new EmbeddedWorld();
        var files = w.Generate(records: 40, syncs: 3);
        foreach (var f in files)
        {
            await w.LandAsync(f);
        }
        await w.Objects.PutAsync(w.Stream.Prefix + "broken.csv", new MemoryStream("id,last_updated\nx,not-a-time\n"u8.ToArray()), default);

        var (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "run", "--json");
        Assert.True(exit == 1, $"a quarantined file makes run exit 1; got {exit}\n{stdout}\n{stderr}");
        var run = JsonDocument.Parse(stdout).RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("stream").GetString() == "sitetechnology/time_entries");
        Assert.Equal("loaded", run.GetProperty("outcome").GetString());
        Assert.Equal(1, run.GetProperty("files_quarantined").GetInt32());

        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "status", "--json");
        Assert.Equal(0, exit);
        var status = JsonDocument.Parse(stdout).RootElement.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("stream").GetString() == "sitetechnology/time_entries");
        Assert.Equal(files.Count, status.GetProperty("files_committed").GetInt32());
        Assert.Equal(1, status.GetProperty("files_quarantined").GetInt32());
        Assert.Equal(0, status.GetProperty("files_pending").GetInt32());

        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "quarantine", "list", "--json");
        Assert.Equal(0, exit);
        var q = JsonDocument.Parse(stdout).RootElement[0];
        Assert.Contains("broken.csv", q.GetProperty("reason").GetString(), StringComparison.Ordinal);

        (exit, _, _) = await StratumProcess.RunAsync(w.Dir, "quarantine", "retry", "--json");
        Assert.Equal(0, exit);
        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "status", "--json");
        Assert.Contains("\"files_pending\": 1", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_killed_mid_load_leaves_no_partial_data_and_the_next_run_completes()
    {
        await using var w = new EmbeddedWorld();
        var files = w.Generate(records: 3000, syncs: 30);
        foreach (var f in files)
        {
            await w.LandAsync(f);
        }
        // Tiny batches: many publishes, so the kill lands between two of them.
        var env = new Dictionary<string, string> { ["STRATUM_BATCH_BYTES"] = "1KB", ["STRATUM_LEASE_TTL"] = "2s" };
        var psi = StratumProcess.StartInfo(w.Dir, ["load", "--tenant", "sitetechnology", "--table", "time_entries"], env);
        using (var p = Process.Start(psi)!)
        {
            string? line;
            while ((line = await p.StandardError.ReadLineAsync()) is not null && !line.Contains("files committed", StringComparison.Ordinal))
            {
            }
            Assert.NotNull(line); // it got as far as a commit
            p.Kill(entireProcessTree: true); // SIGKILL: no cleanup runs
            await p.WaitForExitAsync();
        }
        var afterKill = await w.TableAsync();
        var ledger = await w.LedgerAsync();
        Assert.NotEmpty(afterKill);
        Assert.True(ledger.Count < files.Count, "the kill came too late to interrupt the load");
        Assert.Empty(InvariantChecker.Check(afterKill));

        // The killed worker's lease (2 s here) expires by itself; the next worker takes the stream over.
        int exit;
        string stdout, stderr;
        var attempts = 0;
        do
        {
            (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, env, "load", "--tenant", "sitetechnology", "--table", "time_entries", "--json");
        }
        while (exit == 0 && JsonDocument.Parse(stdout).RootElement[0].GetProperty("outcome").GetString() == LoadOutcome.SkippedLeaseHeld.Text() && ++attempts < 30);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Equal(files.Count, (await w.LedgerAsync()).Count);

        // The result equals one uninterrupted load of the same files.
        await using var clean = new EmbeddedWorld();
        foreach (var f in files)
        {
            await clean.LandAsync(f);
        }
        await clean.LoadAsync();
        Assert.Equal(EmbeddedWorld.Canonical(await clean.TableAsync()), EmbeddedWorld.Canonical(await w.TableAsync()));
    }
}
