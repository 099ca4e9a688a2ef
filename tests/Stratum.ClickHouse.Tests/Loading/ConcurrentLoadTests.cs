using System.Globalization;
using Stratum.ClickHouse.Warehouse;
using Stratum.Simulation;
using Stratum.Objects;
using Stratum.Sql;
using Stratum.Sqlite;
using Stratum.State;
using Stratum.Warehouse;

namespace Stratum.ClickHouse.Tests.Loading;

/// <summary>
/// The incident, on ClickHouse: 44 workers (threads, each with its own connections) start at once
/// over one stream's files as they land in waves. The table must equal, row for row, what one
/// worker loading the same files makes, checked with plain SQL.
/// </summary>
public sealed class ConcurrentLoadTests
{
    [SkippableFact]
    public async Task Forty_four_concurrent_workers_produce_exactly_the_single_worker_table()
    {
        await using var single = await TestServer.CreateDatabaseAsync();
        await using var many = await TestServer.CreateDatabaseAsync();
        var one = await SimulateAsync(single, workers: 1, waves: 1, rerun: false);
        var fortyFour = await SimulateAsync(many, workers: 44, waves: 3, rerun: true);
        Assert.True(one.Passed, $"single worker: {Describe(one)}");
        Assert.True(fortyFour.Passed, $"44 workers: {Describe(fortyFour)}");
        Assert.Equal(44 * 4, fortyFour.WorkerOutcomes.Values.Sum());

        var table = LoadSetup.TimeEntries();
        var layout = many.Warehouse.Layout(table);
        var all = string.Join(", ", layout.Columns.Select(c => SqlText.Quote(c.Name)));
        var business = string.Join(", ", layout.Columns
            .Where(c => c.Name != table.ScdColumns.SourceFile && c.Name != table.ScdColumns.LoadId)
            .Select(c => SqlText.Quote(c.Name)));

        async Task<(long Rows, long Unique, long Current, long Keys, long MultiCurrent)> CountsAsync(TestDatabase db)
        {
            var t = db.Warehouse.Qualified(table.Table);
            var r = (await db.Client.QueryTsvAsync(
                $"SELECT count(), uniqExact(tuple({all})), countIf(is_current = 1), uniqExact(tenant_id, id),"
                + $" (SELECT count() FROM (SELECT tenant_id, id FROM {t} WHERE is_current = 1 GROUP BY tenant_id, id HAVING count() > 1))"
                + $" FROM {t}", null, default)).Rows.Single();
            var n = r.Select(v => long.Parse(v!, CultureInfo.InvariantCulture)).ToArray();
            return (n[0], n[1], n[2], n[3], n[4]);
        }

        var expected = await CountsAsync(single);
        var actual = await CountsAsync(many);
        Assert.Equal(expected, actual);
        Assert.Equal(actual.Rows, actual.Unique);   // no exact duplicate over all columns
        Assert.Equal(actual.Keys, actual.Current);  // one current row per key…
        Assert.Equal(0, actual.MultiCurrent);       // …and never two
        Assert.True(actual.Rows > actual.Keys, "the files carry history: more versions than keys");

        // Row for row: every business and SCD column (lineage names the file and load that first saw a version, which may differ).
        async Task<string> DumpAsync(TestDatabase db)
        {
            var rows = await db.Client.QueryTsvAsync($"SELECT {business} FROM {db.Warehouse.Qualified(table.Table)} ORDER BY {business}", null, default);
            return string.Join("\n", rows.Rows.Select(r => string.Join("\t", r.Select(v => v ?? "∅"))));
        }
        Assert.Equal(await DumpAsync(single), await DumpAsync(many));
    }

    private static async Task<SimulationResult> SimulateAsync(TestDatabase db, int workers, int waves, bool rerun)
    {
        using var folder = new LoadSetup.TempFolder();
        var contract = LoadSetup.TimeEntries();
        var stream = LoadSetup.Stream(contract);
        var statePath = Path.Combine(folder.Path, "state.db");
        var clock = TimeProvider.System;
        await using (var state = new SqliteStateStore(statePath, clock))
        {
            await state.EnsureCreatedAsync(default);
        }
        await using var objects = new LocalFolderObjectStore(Path.Combine(folder.Path, "landing"));
        await db.Warehouse.EnsureTableAsync(contract, default);
        var options = TestServer.Options(db.Warehouse.Database);
        var simulator = new Simulator
        {
            Stream = stream,
            Contract = contract,
            Objects = objects,
            Warehouse = db.Warehouse,
            NewWorker = _ => Task.FromResult<(IStateStore, IWarehouse)>((new SqliteStateStore(statePath, clock), ClickHouseWarehouse.Create(options, clock, null))),
            Workers = workers,
            Waves = waves,
            Rerun = rerun,
            Seed = 7,
            Clock = clock,
        };
        return await simulator.RunAsync(default);
    }

    private static string Describe(SimulationResult r)
        => $"{r.RowsInTable} rows (expected {r.ExpectedRows}), {r.ExactDuplicateRows} duplicates, {r.Violations} violations, "
           + $"{r.LostVersions} lost, {r.ExtraRows} extra; outcomes {string.Join(", ", r.WorkerOutcomes.Select(o => $"{o.Key} {o.Value}"))}; {string.Join("; ", r.SampleViolations)}";
}
