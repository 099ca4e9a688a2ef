using System.Text;
using Stratum.ClickHouse.Warehouse;
using Stratum.Formats;
using Stratum.Loading;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.Sqlite;
using Stratum.State;

namespace Stratum.ClickHouse.Tests.Loading;

/// <summary>
/// Issue 11: a value ClickHouse cannot store (DateTime holds 1970-01-01 to 2106-02-07; DateTime64
/// 1925 to 2283) is refused when its file is read, naming file, row, column and the range, so the
/// file is quarantined and the others of the batch load, rather than failing every publish.
/// Where the server does store 1965 (DateTime64), a repeated 1965 version does not stick the key.
/// </summary>
public sealed class TimeRangeTests
{
    private static readonly Stratum.Contracts.TableContract Contract = LoadSetup.TimeEntries();
    private static readonly string Header = string.Join(",", Contract.Columns.Select(c => c.Name.Value)) + "\n";

    /// <summary>"id,date_entered,source_system,source_id,last_updated,time_start" → a line in contract column order.</summary>
    private static string Line(string given)
    {
        var parts = given.Split(',');
        string[] names = ["id", "date_entered", "source_system", "source_id", "last_updated", "time_start"];
        var values = names.Zip(parts).ToDictionary(p => p.First, p => p.Second);
        return string.Join(",", Contract.Columns.Select(c => values.GetValueOrDefault(c.Name.Value, "")));
    }

    [SkippableFact]
    public async Task A_timestamp_the_server_cannot_store_quarantines_its_file_and_the_rest_of_the_batch_loads()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        using var folder = new LoadSetup.TempFolder();
        var contract = LoadSetup.TimeEntries();
        var stream = LoadSetup.Stream(contract);
        await using var objects = new LocalFolderObjectStore(Path.Combine(folder.Path, "landing"));
        async Task PutAsync(string name, params string[] rows)
            => await objects.PutAsync(stream.Prefix + name, new MemoryStream(Encoding.UTF8.GetBytes(Header + string.Concat(rows.Select(r => Line(r) + "\n")))), default);
        await using var state = new SqliteStateStore(Path.Combine(folder.Path, "state.db"), TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        await using var warehouse = ClickHouseWarehouse.Create(TestServer.Options(db.Warehouse.Database), TimeProvider.System, null);
        var loader = new StreamLoader(objects, state, warehouse, FileReaders.All, new LoaderOptions { Owner = "test" }, TimeProvider.System);
        var range = warehouse.TimestampRange;
        var y1965 = new DateTime(1965, 3, 1, 10, 0, 0, DateTimeKind.Utc);

        await PutAsync("a-good.csv", "1,2025-06-21T09:00:00Z,connectwise,1,2025-06-21T10:00:00Z,2025-06-21T08:00:00Z");
        await PutAsync("b-1965.csv", "2,2025-06-21T09:00:00Z,connectwise,2,2025-06-21T10:00:00Z,2025-06-21T08:00:00Z",
            "3,1965-03-01T09:00:00Z,connectwise,3,1965-03-01T10:00:00Z,1965-03-01T08:00:00Z");
        await PutAsync("c-2300.csv", "4,2025-06-21T09:00:00Z,connectwise,4,2025-06-21T10:00:00Z,2300-01-01T00:00:00Z");
        await PutAsync("d-good.csv", "5,2025-06-21T09:00:00Z,connectwise,5,2025-06-21T10:00:00Z,");

        var run = await loader.LoadAsync(stream, contract, default);

        var ledger = (await state.GetLedgerAsync(stream, default)).Values.ToList();
        var late = Assert.Single(ledger, e => e.Key.EndsWith("c-2300.csv", StringComparison.Ordinal));
        Assert.Equal(FileStatus.Quarantined, late.Status);
        Assert.Contains("c-2300.csv: row 1, column 'time_start'", late.Reason, StringComparison.Ordinal);
        Assert.Contains($"({range})", late.Reason, StringComparison.Ordinal);
        Assert.Contains("2300-01-01T00:00:00Z", late.Reason, StringComparison.Ordinal);
        var early = Assert.Single(ledger, e => e.Key.EndsWith("b-1965.csv", StringComparison.Ordinal));
        if (range.Contains(y1965))
        {
            Assert.Equal(FileStatus.Committed, early.Status);
            Assert.Equal(3, run.FilesCommitted);
        }
        else
        {
            Assert.Equal(FileStatus.Quarantined, early.Status);
            // Row 2, the first timestamp column of the row that is out of range.
            Assert.Contains("b-1965.csv: row 2, column 'time_start': timestamp 1965-03-01T08:00:00Z is outside what the warehouse stores (1970-01-01T00:00:00Z to 2106-02-07T06:28:15Z)", early.Reason, StringComparison.Ordinal);
            Assert.Equal(2, run.FilesCommitted);
        }
        Assert.Equal(LoadOutcome.Loaded, run.Outcome);
        var table = await warehouse.ReadAllAsync(contract, stream.Tenant, default);
        Assert.Contains(table, r => r.Key.Text == "1");
        Assert.Contains(table, r => r.Key.Text == "5");
        Assert.DoesNotContain(table, r => r.Key.Text == "4");

        // The next load does not retry the quarantined files; a repeat of a 1965 version (where
        // stored) and new keys load.
        await PutAsync("e-repeat.csv", "3,1965-03-01T09:00:00Z,connectwise,3,1965-03-02T10:00:00Z,1965-03-01T08:00:00Z");
        await PutAsync("f-new.csv", "6,2025-06-21T09:00:00Z,connectwise,6,2025-06-22T10:00:00Z,");
        var next = await loader.LoadAsync(stream, contract, default);
        Assert.Equal(LoadOutcome.Loaded, next.Outcome);
        Assert.Equal(range.Contains(y1965) ? 2 : 1, next.FilesCommitted);
        if (range.Contains(y1965))
        {
            await PutAsync("g-change.csv", "3,1965-03-01T09:00:00Z,connectwise,3,1965-03-03T10:00:00Z,1965-03-03T08:00:00Z");
            Assert.Equal(1, (await loader.LoadAsync(stream, contract, default)).FilesCommitted);
            var three = (await warehouse.ReadAllAsync(contract, stream.Tenant, default)).Where(r => r.Key.Text == "3").OrderBy(r => r.EffectiveDate).ToList();
            Assert.Equal(2, three.Count);
            Assert.Equal(y1965, three[0].EffectiveDate);
        }
    }
}
