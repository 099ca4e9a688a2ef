using System.Text;
using Stratum.ClickHouse.Warehouse;
using Stratum.Formats;
using Stratum.Loading;
using Stratum.Objects;
using Stratum.Sqlite;

namespace Stratum.ClickHouse.Tests.Loading;

/// <summary>
/// Issue 11 item 3: two versions of a key 0.4 s apart. A server with DateTime64 keeps both; on one
/// that keeps seconds (ClickHouse 18.16, DateTime) they are one instant, the tie rule keeps one, and
/// the run reports the tie as coarse with the times the file had — it is never silent.
/// </summary>
public sealed class CoarseTieTests
{
    [SkippableFact]
    public async Task Versions_apart_in_the_file_but_equal_at_the_servers_resolution_are_a_reported_coarse_tie()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        using var folder = new LoadSetup.TempFolder();
        var contract = LoadSetup.TimeEntries();
        var stream = LoadSetup.Stream(contract);
        await using var objects = new LocalFolderObjectStore(Path.Combine(folder.Path, "landing"));
        await using var state = new SqliteStateStore(Path.Combine(folder.Path, "state.db"), TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        await using var warehouse = ClickHouseWarehouse.Create(TestServer.Options(db.Warehouse.Database), TimeProvider.System, null);
        string[] names = ["id", "date_entered", "source_system", "source_id", "last_updated", "time_start"];
        string Line(params string[] v) => string.Join(",", contract.Columns.Select(c => Array.IndexOf(names, c.Name.Value) is var i and >= 0 ? v[i] : ""));
        var csv = string.Join(",", contract.Columns.Select(c => c.Name.Value)) + "\n"
            + Line("1", "2025-06-21T09:00:00Z", "connectwise", "1", "2025-06-21T10:00:00.300Z", "2025-06-21T08:00:00Z") + "\n"
            + Line("1", "2025-06-21T09:00:00Z", "connectwise", "1", "2025-06-21T10:00:00.700Z", "2025-06-21T08:30:00Z") + "\n";
        await objects.PutAsync(stream.Prefix + "a.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)), default);

        var run = await new StreamLoader(objects, state, warehouse, FileReaders.All, new LoaderOptions { Owner = "test" }, TimeProvider.System)
            .LoadAsync(stream, contract, default);

        var rows = (await warehouse.ReadAllAsync(contract, stream.Tenant, default)).Where(r => r.Key.Text == "1").ToList();
        if (warehouse.TimestampResolution < TimeSpan.FromSeconds(1))
        {
            Assert.Equal(2, rows.Count); // DateTime64: both versions, in their order
            Assert.Equal(0, run.TieConflicts);
            return;
        }
        Assert.Single(rows);
        Assert.Equal(1, run.TieConflicts);
        Assert.Equal(1, run.CoarseTieConflicts);
        var c = Assert.Single(run.Conflicts);
        Assert.True(c.Coarse);
        Assert.Equal("1", c.Key);
        Assert.Equal(new DateTimeOffset(2025, 6, 21, 10, 0, 0, TimeSpan.Zero), c.EventTime);
        Assert.EndsWith("a.csv", c.LoserFile, StringComparison.Ordinal);
        Assert.Contains(c.LoserTimeInFile?.Millisecond, new int?[] { 300, 700 });
        Assert.Contains(c.WinnerTimeInFile?.Millisecond, new int?[] { 300, 700 });
    }
}
