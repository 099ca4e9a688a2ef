using Stratum.Simulation.Legacy;
using Stratum.ClickHouse.Audit;
using Stratum.ClickHouse.Warehouse;
using Stratum.Sql;
using Stratum.Testing.Audit;
using static Stratum.Testing.Audit.AuditTestKit;

namespace Stratum.ClickHouse.Tests.Audit;

/// <summary>
/// The audit keeps its narrow rows in a real table (the HTTP client has no session): it must be
/// gone after the audit, and a process that dies before dropping it leaves a table the staging
/// sweep recognises and drops.
/// </summary>
public sealed class AuditScratchTableTests
{
    [SkippableFact]
    public async Task The_scratch_table_is_dropped_after_the_audit_and_a_leftover_one_is_swept()
    {
        await using var t = await ClickHouseAuditTarget.CreateAsync();
        await BuildAsync(t, IncidentFixture.Rows());
        var before = await TablesAsync(t.Database);

        var report = await AuditAsync(t, Legacy());
        Assert.Equal(43_000, report.ExactDuplicates.DuplicateRows);
        Assert.Equal(before, await TablesAsync(t.Database));

        var leftover = ClickHouseTableAuditor.NewScratchName(); // as a process that died mid-audit leaves it
        Assert.True(StagingTables.IsStaging(leftover.Value));
        var w = t.Database.Warehouse;
        await t.Database.Client.ExecuteAsync($"CREATE TABLE {w.Qualified(leftover)} (sa_n UInt64) ENGINE = Memory", default);
        Assert.Equal([leftover.Value], await w.SweepStagingAsync(TimeSpan.Zero, default));
        Assert.Equal(before, await TablesAsync(t.Database));
    }

    private static async Task<List<string?>> TablesAsync(TestDatabase db)
        => [.. (await db.Client.QueryTsvAsync($"SELECT name FROM system.tables WHERE database = {ClickHouseSqlText.ClickHouseString(db.Name)} ORDER BY name", null, default))
            .Rows.Select(r => r[0])];
}
