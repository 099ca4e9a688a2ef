using Stratum.ClickHouse.Warehouse;
using Stratum.Formats;
using Stratum.Formats.Writing;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Sqlite;
using Stratum.Testing;

namespace Stratum.ClickHouse.Tests.Loading;

/// <summary>
/// The stale writer on ClickHouse + SQLite (issue 10), frozen at two moments: at the start of the
/// publish, and at the worst one — staging filled and the lease confirmed, the swap not yet sent.
/// Before the fence, A's late <c>REPLACE PARTITION</c> replaced B's partition with its own, older one.
/// </summary>
public sealed class StaleWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-ch-stale-").FullName;

    [SkippableTheory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, 5)] // a batch published in chunks of 5 rows, frozen with one chunk in its staging table
    [InlineData(true, 5)]
    public async Task A_worker_that_lost_its_lease_mid_publish_cannot_overwrite_a_newer_publish(bool beforeSwap, long batchRows)
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var contract = StaleWriterScenario.DefaultContract;
        var state = Path.Combine(_dir, "state.db");
        var options = TestServer.Options(db.Warehouse.Database);
        var scenario = new StaleWriterScenario
        {
            Objects = new LocalFolderObjectStore(Path.Combine(_dir, "landing")),
            Readers = FileReaders.All,
            WriteFile = (s, rows) => CsvFileWriter.WriteAsync(s, contract, rows, default),
            BatchRows = batchRows > 0 ? batchRows : new LoaderOptions().BatchRows,
            NewState = () => new SqliteStateStore(state, TimeProvider.System),
            NewWarehouse = () => ClickHouseWarehouse.Create(options, null, null),
            NewFrozenWarehouse = freeze =>
            {
                var w = ClickHouseWarehouse.Create(options, null, null);
                if (beforeSwap)
                {
                    w.BeforeSwap = (_, ct) => freeze(ct);
                    return w;
                }
                return new FrozenWarehouse(w, freeze, atWrite: batchRows > 0 ? 2 : 1);
            },
        };
        var outcome = await scenario.RunAsync();
        StaleWriterScenario.AssertSafe(outcome);
        Assert.Contains("stale publish refused", outcome.A.Error, StringComparison.Ordinal);
        var left = await db.ScalarAsync($"SELECT count() FROM system.tables WHERE database = '{db.Name}' AND match(name, '{StagingTables.Pattern}')");
        Assert.Equal("0", left);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
