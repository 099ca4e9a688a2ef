using Stratum.Simulation.Legacy;
using Stratum.Cleanup;
using Stratum.Sql;
using static Stratum.Testing.Audit.AuditTestKit;

namespace Stratum.ClickHouse.Tests.Audit;

/// <summary>On ClickHouse a cleanup rewrites the legacy table partition by partition with its own key, and only where there is something to repair.</summary>
public sealed class PartitionRewriteTests
{
    [SkippableFact]
    public async Task Partitions_with_nothing_to_repair_keep_their_parts_untouched()
    {
        await using var t = await ClickHouseAuditTarget.CreateAsync();
        await BuildAsync(t, [.. IncidentFixture.Rows(keys: 60), .. IncidentFixture.CleanRows("acme", 60)]);
        var schema = await t.Auditor.DescribeTableAsync(TimeEntries.Name, default);
        Assert.Equal("(tenant_id, toYYYYMM(date_entered))", schema!.PartitionKey);
        var before = await PartsAsync(t);
        Assert.Equal(12, before.Select(p => p.Partition).Distinct().Count()); // two tenants × six months

        var preview = await new Cleaner(t.Auditor, TimeProvider.System).PreviewAsync(CleanupKind.Duplicates, await ScopeAsync(t, Legacy()), default);
        Assert.Equal(6, preview.Partitions.Count);
        Assert.Equal(before, await PartsAsync(t)); // a dry run writes nothing

        var dups = await CleanAsync(t, CleanupKind.Duplicates, Legacy());
        var scd = await CleanAsync(t, CleanupKind.Scd, Legacy());
        Assert.All(dups.Applied!.Partitions.Concat(scd.Applied!.Partitions), p => Assert.StartsWith("('sitetechnology',", p.Label, StringComparison.Ordinal));
        Assert.Equal(6, dups.Applied.Partitions.Count);
        Assert.Equal(60 * 43, dups.Applied.RowsRemoved);

        var after = await PartsAsync(t);
        var untouched = before.Where(p => p.Partition.Contains("'acme'", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, untouched.Select(p => p.Partition).Distinct().Count());
        Assert.Equal(untouched, after.Where(p => p.Partition.Contains("'acme'", StringComparison.Ordinal)));
        Assert.DoesNotContain(after, p => before.Contains(p) && p.Partition.Contains("sitetechnology", StringComparison.Ordinal));
        Assert.Equal(120 + 60, (await AuditAsync(t, Legacy())).TotalRows);
    }

    private static async Task<List<(string Partition, string Name, string Modified)>> PartsAsync(ClickHouseAuditTarget t)
    {
        var rows = await t.Database.Client.QueryTsvAsync(
            $"SELECT partition, name, toString(modification_time) FROM system.parts WHERE database = {ClickHouseSqlText.ClickHouseString(t.Database.Name)} "
            + $"AND table = 'time_entries' AND active ORDER BY partition, name", null, default);
        return [.. rows.Rows.Select(r => (r[0] ?? "", r[1] ?? "", r[2] ?? ""))];
    }
}
