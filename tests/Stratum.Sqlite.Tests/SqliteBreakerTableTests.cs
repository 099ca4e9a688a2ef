using Microsoft.Data.Sqlite;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Sqlite.Tests;

/// <summary>A state file made before breakers existed (three tables) gets the breakers table on first use, its data untouched.</summary>
public sealed class SqliteBreakerTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-sqlite-old-").FullName;

    [Fact]
    public async Task A_store_without_the_breakers_table_gets_it_and_keeps_its_ledger()
    {
        var path = Path.Combine(_dir, "state.db");
        var stream = new StreamId(TenantId.Parse("acme"), Identifier.Parse("tickets"));
        await using (var old = new SqliteStateStore(path, TimeProvider.System))
        {
            await old.EnsureCreatedAsync(default);
            var lease = await old.TryAcquireLeaseAsync(stream, "w1", TimeSpan.FromMinutes(1), default);
            Assert.True(await old.RecordAsync(lease!, [new LedgerEntry("f1", "acme/canonical/tickets/f1.csv", FileStatus.Committed, 1, "l1", DateTimeOffset.UnixEpoch)], default));
        }
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var drop = c.CreateCommand();
            drop.CommandText = "DROP TABLE breakers";
            drop.ExecuteNonQuery(); // as an older version left it
        }
        SqliteConnection.ClearAllPools();

        await using var store = new SqliteStateStore(path, TimeProvider.System);
        await store.EnsureCreatedAsync(default);
        Assert.Single(await store.GetLedgerAsync(stream, default));
        Assert.Equal(BreakerState.Closed(stream), await store.GetBreakerAsync(stream, default));
        var written = await store.TryWriteBreakerAsync(BreakerState.Closed(stream) with { ConsecutiveFailures = 1 }, default);
        Assert.Equal(1, written!.Version);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
