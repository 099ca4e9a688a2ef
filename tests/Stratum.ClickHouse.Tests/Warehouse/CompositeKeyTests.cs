using Stratum.Warehouse;
using Stratum.Contracts;
using Stratum.Hashing;
using Stratum.Names;
using Stratum.Planning;

namespace Stratum.ClickHouse.Tests.Warehouse;

/// <summary>Keys of every key type at once travel as data (decimals and sub-second timestamps as text, cast back on the server).</summary>
public sealed class CompositeKeyTests
{
    private static TableContract Contract() => TableContract.Create(
        Identifier.Parse("composite"),
        [
            new ColumnSpec(Identifier.Parse("code"), ColumnType.String, false),
            new ColumnSpec(Identifier.Parse("n"), ColumnType.Int64, false),
            new ColumnSpec(Identifier.Parse("amount"), ColumnType.Decimal(18, 4), false),
            new ColumnSpec(Identifier.Parse("day"), ColumnType.Date, false),
            new ColumnSpec(Identifier.Parse("at"), ColumnType.Timestamp, false),
            new ColumnSpec(Identifier.Parse("flag"), ColumnType.Bool, false),
            new ColumnSpec(Identifier.Parse("updated_at"), ColumnType.Timestamp, false),
            new ColumnSpec(Identifier.Parse("note"), ColumnType.String, true),
        ],
        new[] { "code", "n", "amount", "day", "at", "flag" }.Select(k => Identifier.Parse(k)),
        Identifier.Parse("updated_at"));

    [SkippableFact]
    public async Task History_and_publish_match_composite_keys_exactly()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var w = db.Warehouse;
        var c = Contract();
        var hasher = new RowHasher(c);
        var planner = new ScdPlanner(c);
        await w.EnsureTableAsync(c, default);
        var at = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        object?[] Row(int i, int minute, string note) =>
            [$"c'{i % 7}", (long)(i % 5) - 2, (i % 3) + 0.0001m, new DateOnly(2024, 1, 1).AddDays(i % 4), at.AddSeconds(i % 6), i % 2 == 0, at.AddMinutes(minute), note];
        IncomingRow In(object?[] v) => new(RowKey.FromRow(c, v), (DateTime)v[6]!, hasher.Hash(v), false, v, "f");

        var first = Enumerable.Range(0, 420).Select(i => In(Row(i, 0, "v1"))).ToList(); // 420 = lcm(7,5,3,4,6,2): every key distinct
        Assert.Equal(420, first.Select(r => r.Key).Distinct().Count());
        await w.PublishAsync(c, Scenario.Acme, planner.Plan([], first, "l1"), null, default);

        var wanted = first.Where((_, i) => i % 10 == 0).Select(r => r.Key).ToList();
        var history = await w.ReadHistoryAsync(c, Scenario.Acme, wanted, default);
        Assert.Equal(wanted.Select(k => k.Text).Order(StringComparer.Ordinal), history.Select(h => h.Key.Text).Order(StringComparer.Ordinal));

        var second = Enumerable.Range(0, 420).Where(i => i % 10 == 0).Select(i => In(Row(i, 9, "v2"))).ToList();
        await w.PublishAsync(c, Scenario.Acme, planner.Plan(history, second, "l2"), null, default);
        var all = await w.ReadAllAsync(c, Scenario.Acme, default);
        Assert.Equal(420 + 42, all.Count);
        Assert.Equal(420, all.Count(r => r.IsCurrent));
        Assert.All(all.Where(r => r.IsCurrent), r => Assert.Equal(wanted.Contains(r.Key) ? "v2" : "v1", r.Values[7]));
    }
}
