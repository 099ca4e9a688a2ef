using Stratum.Warehouse;
using Stratum.Names;
using Stratum.Sql;

namespace Stratum.ClickHouse.Tests.Warehouse;

/// <summary>The publish path: staging, swap, interruption and what readers see meanwhile.</summary>
public sealed class PublishTests
{
    [SkippableFact]
    public async Task A_publish_that_fails_between_staging_and_swap_leaves_the_target_unchanged()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var w = db.Warehouse;
        var s = new Scenario(w.TimestampResolution);
        await w.EnsureTableAsync(s.Contract, default);
        await w.PublishAsync(s.Contract, Scenario.Acme, s.Plan([], s.Keys(0, 100, 0, "v1")), null, default);
        var before = await w.ReadAllAsync(s.Contract, Scenario.Acme, default);

        var changed = s.Keys(0, 10, 5, "v2").ToList();
        var history = await w.ReadHistoryAsync(s.Contract, Scenario.Acme, [.. changed.Select(c => c.Key)], default);
        var plan = s.Plan(history, changed, "l2");
        var target = w.Qualified(s.Contract.Table);
        Identifier? seenStaging = null;
        w.BeforeSwap = async (staging, ct) =>
        {
            seenStaging = staging;
            // staging holds the whole new partition: 90 copied + 10 keys × 2 versions; the target is untouched
            Assert.Equal("110", await db.ScalarAsync($"SELECT count() FROM {w.Qualified(staging)}"));
            Assert.Equal("100", await db.ScalarAsync($"SELECT count() FROM {target}"));
            throw new InvalidOperationException("simulated crash between staging and swap");
        };
        await Assert.ThrowsAsync<InvalidOperationException>(() => w.PublishAsync(s.Contract, Scenario.Acme, plan, null, default));

        var after = await w.ReadAllAsync(s.Contract, Scenario.Acme, default);
        Assert.Equal(before.Count, after.Count);
        Assert.All(before, b => Assert.True(b.SameAs(after.Single(a => a.Key.Equals(b.Key)))));
        Assert.NotNull(seenStaging);
        Assert.Equal("0", await db.ScalarAsync($"SELECT count() FROM system.tables WHERE database = {ClickHouseSqlText.ClickHouseString(db.Name)} AND name = {ClickHouseSqlText.ClickHouseString(seenStaging.Value.Value)}"));

        w.BeforeSwap = null;
        await w.PublishAsync(s.Contract, Scenario.Acme, plan, null, default);
        Assert.Equal(110, (await w.GetStatsAsync(s.Contract, Scenario.Acme, default)).Rows);
    }

    [SkippableFact]
    public async Task Readers_see_the_old_partition_or_the_new_one_never_a_mix()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var w = db.Warehouse;
        var s = new Scenario(w.TimestampResolution);
        await w.EnsureTableAsync(s.Contract, default);
        await w.PublishAsync(s.Contract, Scenario.Acme, s.Plan([], s.Keys(0, 2000, 0, "v0")), null, default);
        var target = w.Qualified(s.Contract.Table);
        const int loads = 5;
        var valid = Enumerable.Range(0, loads + 1).Select(k => 2000 + (500 * k)).ToHashSet();

        using var done = new CancellationTokenSource();
        var observed = new List<(long Rows, long Current)>();
        var reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested && observed.Count < 5000)
            {
                var r = (await db.Client.QueryTsvAsync($"SELECT count(), countIf(is_current = 1) FROM {target} WHERE tenant_id = 'acme'", null, default)).Rows[0];
                observed.Add((long.Parse(r[0]!, System.Globalization.CultureInfo.InvariantCulture), long.Parse(r[1]!, System.Globalization.CultureInfo.InvariantCulture)));
            }
        });
        for (var load = 1; load <= loads; load++)
        {
            var incoming = s.Keys((load - 1) * 300, 500, load, $"v{load}").ToList(); // overlapping ranges inside the 2000 keys
            var history = await w.ReadHistoryAsync(s.Contract, Scenario.Acme, [.. incoming.Select(i => i.Key)], default);
            await w.PublishAsync(s.Contract, Scenario.Acme, s.Plan(history, incoming, $"l{load}"), null, default);
        }
        await done.CancelAsync();
        await reader;

        Assert.NotEmpty(observed);
        Assert.All(observed, o =>
        {
            Assert.Contains((int)o.Rows, valid);
            Assert.Equal(2000, o.Current);
        });
        Assert.Equal(2000 + (500 * loads), (await w.GetStatsAsync(s.Contract, Scenario.Acme, default)).Rows);
    }

    [SkippableFact]
    public async Task A_plan_without_changes_writes_nothing()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var w = db.Warehouse;
        var s = new Scenario(w.TimestampResolution);
        await w.EnsureTableAsync(s.Contract, default);
        var incoming = s.Keys(0, 20, 0, "v1").ToList();
        await w.PublishAsync(s.Contract, Scenario.Acme, s.Plan([], incoming), null, default);
        var history = await w.ReadHistoryAsync(s.Contract, Scenario.Acme, [.. incoming.Select(i => i.Key)], default);
        var again = s.Plan(history, incoming, "l2");
        Assert.Empty(again.ChangedKeys);
        w.BeforeSwap = (_, _) => throw new InvalidOperationException("no staging expected for a no-op plan");
        await w.PublishAsync(s.Contract, Scenario.Acme, again, null, default);
        Assert.Equal(20, (await w.GetStatsAsync(s.Contract, Scenario.Acme, default)).Rows);
    }

    [SkippableFact]
    public async Task Publishing_one_tenant_leaves_other_tenants_partitions_alone()
    {
        await using var db = await TestServer.CreateDatabaseAsync();
        var w = db.Warehouse;
        var s = new Scenario(w.TimestampResolution);
        var other = TenantId.Parse("globex.eu-1");
        await w.EnsureTableAsync(s.Contract, default);
        await w.PublishAsync(s.Contract, other, s.Plan([], s.Keys(0, 50, 0, "g")), null, default);
        var before = await w.ReadAllAsync(s.Contract, other, default);
        await w.PublishAsync(s.Contract, Scenario.Acme, s.Plan([], s.Keys(0, 50, 0, "a")), null, default);
        var after = await w.ReadAllAsync(s.Contract, other, default);
        Assert.All(before, b => Assert.True(b.SameAs(after.Single(a => a.Key.Equals(b.Key)))));
        Assert.Equal(100, (await w.GetStatsAsync(s.Contract, null, default)).Rows);
    }
}
