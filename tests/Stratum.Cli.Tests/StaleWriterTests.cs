using Stratum.Contracts;
using Stratum.DuckDb;
using Stratum.Formats;
using Stratum.Formats.Writing;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.Sqlite;
using Stratum.State;
using Stratum.Testing;
using Stratum.Warehouse;

namespace Stratum.Cli.Tests;

/// <summary>
/// The stale writer on DuckDB + SQLite (issue 10): A frozen at the start of its publish past its
/// lease, B publishes and records newer files, A resumes. Before the fence, A's late transaction
/// deleted B's versions of the same keys and the files stayed recorded: lost for good.
/// </summary>
public sealed class StaleWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-stale-").FullName;

    [Theory]
    [InlineData(0)]
    [InlineData(5)] // each file published in chunks of 5 rows; A frozen with its first chunk planned
    public async Task A_worker_that_lost_its_lease_mid_publish_cannot_overwrite_a_newer_publish(long batchRows)
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
            BatchRows = batchRows > 0 ? batchRows : new LoaderOptions().BatchRows,
        };
        var outcome = await scenario.RunAsync();
        StaleWriterScenario.AssertSafe(outcome);
        Assert.Contains("stale publish refused", outcome.A.Error, StringComparison.Ordinal);
        Assert.Equal(2, await new DuckDbWarehouse(warehouse).PublishedTokenAsync(scenario.Stream, default));
    }

    /// <summary>
    /// The same scenario with A's publish stripped of its fence — the code before the fence —
    /// loses B's versions for good (both files recorded, nothing pending); <c>stratum verify</c>
    /// finds the loss, names the file, and <c>--repair</c> brings the table to the reference.
    /// </summary>
    [Fact]
    public async Task Without_the_fence_the_stale_publish_loses_versions_and_verify_finds_and_repairs_them()
    {
        var contract = StaleWriterScenario.DefaultContract;
        var warehouse = Path.Combine(_dir, "warehouse.duckdb");
        var state = Path.Combine(_dir, "state.db");
        var objects = new LocalFolderObjectStore(Path.Combine(_dir, "landing"));
        var scenario = new StaleWriterScenario
        {
            Objects = objects,
            Readers = FileReaders.All,
            WriteFile = (s, rows) => CsvFileWriter.WriteAsync(s, contract, rows, default),
            NewState = () => new SqliteStateStore(state, TimeProvider.System),
            NewWarehouse = () => new DuckDbWarehouse(warehouse),
            NewFrozenWarehouse = freeze => new UnfencedWarehouse(new FrozenWarehouse(new DuckDbWarehouse(warehouse), freeze)),
        };
        var outcome = await scenario.RunAsync();
        Assert.Equal(LoadOutcome.NothingPending, outcome.Final.Outcome);
        Assert.NotEqual(outcome.Expected, outcome.Actual); // the loss of issue 10, case 1

        var options = new LoaderOptions { Owner = "verify" };
        var verifier = new StreamVerifier(objects, new SqliteStateStore(state, TimeProvider.System), new DuckDbWarehouse(warehouse), FileReaders.All, options, TimeProvider.System);
        var report = await verifier.VerifyAsync(scenario.Stream, contract, null, default);
        Assert.False(report.Clean);
        Assert.Equal([scenario.Stream.Prefix + "2025-06-21T10-00-00Z.csv"], report.FilesWithLosses);
        Assert.Equal(scenario.Keys, report.Missing.Count);

        var repair = await verifier.RepairAsync(scenario.Stream, contract, null, default);
        Assert.NotNull(repair);
        Assert.True(repair.After.Clean);
        var table = await new DuckDbWarehouse(warehouse).ReadAllAsync(contract, scenario.Stream.Tenant, default);
        Assert.Equal(outcome.Expected, StaleWriterScenario.Canonical(table));
    }

    /// <summary>Publishes without the fence: what every publish did before issue 10.</summary>
    private sealed class UnfencedWarehouse(IWarehouse inner) : DelegatingWarehouse(inner)
    {
        public override Task<IPublication> BeginPublishAsync(TableContract contract, TenantId tenant, PublishFence? fence, CancellationToken cancellationToken)
            => Inner.BeginPublishAsync(contract, tenant, null, cancellationToken);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
