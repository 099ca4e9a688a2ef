using Stratum.DuckDb;
using Stratum.Formats;
using Stratum.Formats.Writing;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Sqlite;
using Stratum.Testing;

namespace Stratum.Cli.Tests;

/// <summary>
/// The stale writer on DuckDB + SQLite (issue 10): A frozen at the start of its publish past its
/// lease, B publishes and records newer files, A resumes. Before the fence, A's late transaction
/// deleted B's versions of the same keys and the files stayed recorded: lost for good.
/// </summary>
public sealed class StaleWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-stale-").FullName;

    [Fact]
    public async Task A_worker_that_lost_its_lease_mid_publish_cannot_overwrite_a_newer_publish()
    {
        var contract = StaleWriterScenario.DefaultContract;
        var warehouse = Path.Combine(_dir, "warehouse.duckdb");
        var state = Path.Combine(_dir, "state.db");
        var scenario = new StaleWriterScenario
        {
            Objects = new LocalFolderObjectStore(Path.Combine(_dir, "landing")),
            Readers = FileReaders.All,
            WriteFile = (s, rows) => CsvFileWriter.WriteAsync(s, contract, rows, default),
            NewState = () => new SqliteStateStore(state, TimeProvider.System),
            NewWarehouse = () => new DuckDbWarehouse(warehouse),
            NewFrozenWarehouse = freeze => new FrozenWarehouse(new DuckDbWarehouse(warehouse), freeze),
        };
        var outcome = await scenario.RunAsync();
        StaleWriterScenario.AssertSafe(outcome);
        Assert.Contains("stale publish refused", outcome.A.Error, StringComparison.Ordinal);
        Assert.Equal(2, await new DuckDbWarehouse(warehouse).PublishedTokenAsync(scenario.Stream, default));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
