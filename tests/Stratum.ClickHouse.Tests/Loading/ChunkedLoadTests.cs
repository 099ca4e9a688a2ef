using Stratum.ClickHouse.Warehouse;
using Stratum.Simulation;
using Stratum.Formats;
using Stratum.Formats.Writing;
using Stratum.Loading;
using Stratum.Objects;
using Stratum.Sql;
using Stratum.Sqlite;
using Stratum.State;

namespace Stratum.ClickHouse.Tests.Loading;

/// <summary>
/// A batch past <c>load.batch_rows</c> is spilled by key and published in chunks: on ClickHouse
/// the chunks stream into one staging table, the changed keys into a second, and one swap
/// publishes them. The table must be, row for row, the one a whole-batch load makes — an
/// initial load, and a second load over existing history (which copies the unchanged rows).
/// </summary>
public sealed class ChunkedLoadTests
{
    [SkippableFact]
    public async Task A_batch_published_in_chunks_is_the_batch_published_whole()
    {
        await using var whole = await TestServer.CreateDatabaseAsync();
        await using var chunked = await TestServer.CreateDatabaseAsync();
        using var folder = new LoadSetup.TempFolder();
        var contract = LoadSetup.TimeEntries();
        var stream = LoadSetup.Stream(contract);
        var files = new MspDataGenerator(contract, 11).Generate(records: 150, syncs: 5);
        await using var objects = new LocalFolderObjectStore(Path.Combine(folder.Path, "landing"));
        async Task LandAsync(MspDataGenerator.GeneratedFile file)
        {
            using var body = new MemoryStream();
            await ParquetFileWriter.WriteAsync(body, contract, file.Rows, default);
            body.Position = 0;
            await objects.PutAsync(stream.Prefix + file.Name, body, default);
        }
        foreach (var f in files.SkipLast(1))
        {
            await LandAsync(f);
        }

        async Task<RunRecord> LoadAsync(TestDatabase db, string state, long batchRows)
        {
            await using var store = new SqliteStateStore(Path.Combine(folder.Path, state), TimeProvider.System);
            await store.EnsureCreatedAsync(default);
            var warehouse = ClickHouseWarehouse.Create(TestServer.Options(db.Warehouse.Database), null, null);
            var options = new LoaderOptions { BatchRows = batchRows, SpillDirectory = folder.Path };
            return await new StreamLoader(objects, store, warehouse, FileReaders.All, options, TimeProvider.System).LoadAsync(stream, contract, default);
        }

        var layout = whole.Warehouse.Layout(contract);
        var business = string.Join(", ", layout.Columns
            .Where(c => c.Name != contract.ScdColumns.SourceFile && c.Name != contract.ScdColumns.LoadId)
            .Select(c => SqlText.Quote(c.Name)));
        async Task<string> DumpAsync(TestDatabase db)
        {
            var rows = await db.Client.QueryTsvAsync($"SELECT {business} FROM {db.Warehouse.Qualified(contract.Table)} ORDER BY {business}", null, default);
            return string.Join("\n", rows.Rows.Select(r => string.Join("\t", r.Select(v => v ?? "∅"))));
        }

        for (var pass = 0; pass < 2; pass++)
        {
            var a = await LoadAsync(whole, "whole.db", new LoaderOptions().BatchRows);
            var b = await LoadAsync(chunked, "chunked.db", 3);
            Assert.Equal(LoadOutcome.Loaded, a.Outcome);
            Assert.Equal(LoadOutcome.Loaded, b.Outcome);
            Assert.Equal(a.Counts, b.Counts);
            Assert.Equal(await DumpAsync(whole), await DumpAsync(chunked));
            await LandAsync(files[^1]);
        }
        Assert.True((await chunked.Client.QueryTsvAsync($"SELECT count() FROM {chunked.Warehouse.Qualified(contract.Table)}", null, default)).Rows[0][0] is { } n && long.Parse(n, System.Globalization.CultureInfo.InvariantCulture) > 150);
        var left = await chunked.ScalarAsync($"SELECT count() FROM system.tables WHERE database = '{chunked.Name}' AND match(name, '{StagingTables.Pattern}')");
        Assert.Equal("0", left);
        Assert.Empty(Directory.GetDirectories(folder.Path, "stratum-spill-*"));
    }
}
