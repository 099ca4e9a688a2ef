using Stratum.ClickHouse.Warehouse;
using Stratum.Simulation;
using Stratum.Contracts;
using Stratum.Formats;
using Stratum.Formats.Writing;
using Stratum.Loading;
using Stratum.Objects;
using Stratum.Sql;
using Stratum.Sqlite;
using Stratum.State;

namespace Stratum.ClickHouse.Tests.Loading;

/// <summary>
/// The incident's retry storm began with a schema mismatch. A file whose columns do not match the
/// contract (it has <c>created_date</c>, the contract wants <c>date_entered</c>) is quarantined at
/// once with a reason, is not retried, and nothing is inserted into ClickHouse.
/// </summary>
public sealed class SchemaMismatchTests
{
    [SkippableFact]
    public async Task A_file_with_created_date_instead_of_date_entered_is_quarantined_with_no_insert()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        using var folder = new LoadSetup.TempFolder();
        var contract = LoadSetup.TimeEntries();
        var stream = LoadSetup.Stream(contract);
        var (name, text) = Stratum.Simulation.ExampleContracts.All().Single(c => c.Name == "time_entries.yaml");
        var legacy = ContractLoader.Parse(
            text.Replace("  date_entered: timestamp", "  created_date: timestamp", StringComparison.Ordinal)
                .Replace("  dateEntered: date_entered\n", "", StringComparison.Ordinal), name);
        var file = new MspDataGenerator(legacy, 3).Generate(40, 2)[0];

        await using var objects = new LocalFolderObjectStore(Path.Combine(folder.Path, "landing"));
        using (var buffer = new MemoryStream())
        {
            await ParquetFileWriter.WriteAsync(buffer, legacy, file.Rows, default);
            buffer.Position = 0;
            await objects.PutAsync(stream.Prefix + "legacy.parquet", buffer, default);
        }
        await using var state = new SqliteStateStore(Path.Combine(folder.Path, "state.db"), TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        var options = TestServer.Options(db.Warehouse.Database);
        var recorder = new StatementRecorder(options);
        await using var warehouse = ClickHouseWarehouse.Create(options, TimeProvider.System, null, recorder);
        var loader = new StreamLoader(objects, state, warehouse, FileReaders.All, new LoaderOptions { Owner = "test" }, TimeProvider.System);

        var run = await loader.LoadAsync(stream, contract, default);

        Assert.Equal(1, run.FilesQuarantined);
        Assert.Equal(0, run.FilesCommitted);
        var entry = Assert.Single((await state.GetLedgerAsync(stream, default)).Values);
        Assert.Equal(FileStatus.Quarantined, entry.Status);
        Assert.Contains("date_entered", entry.Reason, StringComparison.Ordinal);
        // The one INSERT is the contract's fingerprint, stored as the table is created; no row of data.
        Assert.DoesNotContain(recorder.Statements, s => s.Contains("INSERT", StringComparison.OrdinalIgnoreCase) && !s.Contains("stratum_contracts", StringComparison.Ordinal));
        Assert.DoesNotContain(recorder.Statements, s => s.StartsWith("CREATE TABLE", StringComparison.Ordinal) && s.Contains(StagingTables.Marker, StringComparison.Ordinal));
        Assert.DoesNotContain(recorder.Statements, s => s.Contains("REPLACE PARTITION", StringComparison.Ordinal));
        Assert.Contains(recorder.Statements, s => s.StartsWith("CREATE TABLE IF NOT EXISTS", StringComparison.Ordinal)); // the recorder saw the load's statements
        Assert.Equal("0", await db.ScalarAsync(
            $"SELECT count() FROM system.parts WHERE database = {ClickHouseSqlText.ClickHouseString(db.Name)} AND table = 'time_entries'"));

        // Not retried: a second run finds the file in the ledger and leaves it alone.
        var again = await loader.LoadAsync(stream, contract, default);
        Assert.Equal(LoadOutcome.NothingPending, again.Outcome);
        Assert.DoesNotContain(recorder.Statements, s => s.Contains("INSERT", StringComparison.OrdinalIgnoreCase) && !s.Contains("stratum_contracts", StringComparison.Ordinal));
    }
}
