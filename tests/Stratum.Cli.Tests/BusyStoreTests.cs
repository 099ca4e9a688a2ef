using Microsoft.Data.Sqlite;

namespace Stratum.Cli.Tests;

/// <summary>
/// A worker frozen inside a SQLite write transaction (here: a connection holding the write lock)
/// must not crash the others: they wait within their lease's time, then end with a clear message,
/// their run in JSON and the documented exit code (1: the load failed, files pending) — not an
/// unhandled "database is locked" with a stack trace. When the lock goes, the files load.
/// </summary>
public sealed class BusyStoreTests
{
    [Fact]
    public async Task A_state_store_held_by_a_frozen_worker_is_waited_for_then_reported_not_a_crash()
    {
        await using var w = new EmbeddedWorld();
        var files = w.Generate(records: 20, syncs: 2);
        foreach (var f in files)
        {
            await w.LandAsync(f);
        }
        var ledger = await w.LedgerAsync(); // creates the state file and its tables
        Assert.Empty(ledger);
        var env = new Dictionary<string, string> { ["STRATUM_LEASE_TTL"] = "3s" };

        await using (var frozen = new SqliteConnection($"Data Source={w.StatePath};Pooling=False"))
        {
            await frozen.OpenAsync();
            await using var tx = frozen.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock
            await using (var write = frozen.CreateCommand())
            {
                write.Transaction = tx;
                write.CommandText = "INSERT INTO runs (load_id, stream, finished, record) VALUES ('frozen', 'x/y', 0, '{}')";
                await write.ExecuteNonQueryAsync();
            }

            var (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, env, "load", "--tenant", w.Stream.Tenant.Value, "--table", w.Stream.Table.Value, "--json");

            Assert.Equal(1, exit);
            Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
            Assert.Contains("\"outcome\": \"failed\"", stdout, StringComparison.Ordinal);
            Assert.Contains("is held by another process", stdout, StringComparison.Ordinal);
            await tx.RollbackAsync();
        }

        var (again, output, _) = await StratumProcess.RunAsync(w.Dir, env, "load", "--tenant", w.Stream.Tenant.Value, "--table", w.Stream.Table.Value, "--json");
        Assert.True(again == 0, output);
        Assert.All((await w.LedgerAsync()).Values, e => Assert.Equal(Stratum.State.FileStatus.Committed, e.Status));
        Assert.Equal(files.Select(f => f.Name).Distinct().Count(), (await w.LedgerAsync()).Count);
    }
}
