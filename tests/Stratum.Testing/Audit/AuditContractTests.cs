using Stratum.Audit;
using Stratum.Simulation.Legacy;
using Stratum.Cleanup;
using Stratum.Invariants;
using static Stratum.Testing.Audit.AuditTestKit;

namespace Stratum.Testing.Audit;

/// <summary>
/// What every warehouse's audit port must do, on the real engine: the incident reproduced and
/// audited to the exact figures of its construction, cleaned without losing a version, and
/// restored to the same checksum. A derived class supplies a fresh warehouse per call.
/// </summary>
public abstract partial class AuditContractTests
{
    protected abstract Task<AuditTarget> CreateAsync();

    [SkippableFact]
    public async Task Incident_table_audits_to_the_figures_of_its_construction()
    {
        await using var t = await CreateAsync();
        await BuildAsync(t, IncidentFixture.Rows());
        var r = await AuditAsync(t, Legacy());

        Assert.Equal(45_000, r.TotalRows);
        Assert.Equal(1_000, r.Keys);
        Assert.Equal(1_000, r.Versions);
        Assert.Equal(1_000, r.CurrentRows);
        // The incident's own measure: rows sharing tenant, key and version.
        Assert.Equal(44_000, r.VersionDuplicates.DuplicateRows);
        Assert.Equal(97.78, r.VersionDuplicates.Percent);
        Assert.Equal(1_000, r.VersionDuplicates.Groups);
        // Exact duplicates: identical in every column.
        var d = r.ExactDuplicates;
        Assert.Equal(2_000, r.UniqueRows);
        Assert.Equal(43_000, d.DuplicateRows);
        Assert.Equal(1_000, d.Groups);
        Assert.Equal([new GroupSize(44, 1_000)], d.GroupSizes);
        Assert.Equal([new CurrentDuplicates(false, 43_000, 1_000)], d.ByIsCurrent);
        Assert.Equal([new TenantDuplicates(IncidentFixture.Tenant, 45_000, 2_000, 43_000, 1_000)], d.ByTenant);
        Assert.Contains(d.Diagnosis, l => l.Contains("exactly 44 copies", StringComparison.Ordinal));
        Assert.Contains(d.Diagnosis, l => l.Contains("historical", StringComparison.Ordinal));
        // SCD: the same version both current and not, in every key; nothing else.
        var same = Assert.Single(r.Violations);
        Assert.Equal(ViolationKind.SameVersionDifferentCurrent, same.Kind);
        Assert.Equal(1_000, same.Count);
        Assert.Equal(1_000, same.Keys);
        Assert.NotEmpty(same.Samples);
        Assert.False(r.Clean);
    }

    [SkippableFact]
    public async Task Incident_cleans_to_one_row_per_key_and_each_cleanup_restores_to_its_checksum()
    {
        await using var t = await CreateAsync();
        await BuildAsync(t, IncidentFixture.Rows());
        var table = Legacy();
        var original = await t.Auditor.ChecksumAsync(table.Table, default);

        var dry = await new Cleaner(t.Auditor, TimeProvider.System).PreviewAsync(CleanupKind.Duplicates, await ScopeAsync(t, table), default);
        Assert.Equal(43_000, dry.RowsRemoved);
        Assert.Equal(original, await t.Auditor.ChecksumAsync(table.Table, default));

        var dups = await CleanAsync(t, CleanupKind.Duplicates, table);
        Assert.True(dups.Executed);
        Assert.NotNull(dups.CleanupId);
        Assert.Equal(2_000, dups.After!.TotalRows);
        Assert.Equal(0, dups.After.ExactDuplicates.DuplicateRows);
        Assert.Equal(1_000, Finding(dups.After, ViolationKind.SameVersionDifferentCurrent)!.Count);
        Assert.Equal(43_000, dups.Applied!.RowsRemoved);
        var deduplicated = await t.Auditor.ChecksumAsync(table.Table, default);

        var again = await CleanAsync(t, CleanupKind.Duplicates, table);
        Assert.False(again.Executed);
        Assert.Null(again.CleanupId);
        Assert.Equal(deduplicated, await t.Auditor.ChecksumAsync(table.Table, default));

        var scd = await CleanAsync(t, CleanupKind.Scd, table);
        Assert.True(scd.Executed);
        var after = scd.After!;
        Assert.Equal(1_000, after.TotalRows);
        Assert.Equal(1_000, after.CurrentRows);
        Assert.Equal(1_000, after.Keys);
        Assert.Equal(1_000, after.Versions);
        Assert.True(after.Clean, string.Join("; ", after.Violations.Select(v => $"{v.Kind} {v.Count}")));
        var rebuilt = await t.Auditor.ChecksumAsync(table.Table, default);
        Assert.False((await CleanAsync(t, CleanupKind.Scd, table)).Executed);
        Assert.Equal(rebuilt, await t.Auditor.ChecksumAsync(table.Table, default));

        var cleaner = new Cleaner(t.Auditor, TimeProvider.System);
        var undoScd = await cleaner.RestoreAsync(scd.CleanupId!, default);
        Assert.True(undoScd.IdenticalToBeforeCleanup);
        Assert.Equal(deduplicated, await t.Auditor.ChecksumAsync(table.Table, default));
        await Assert.ThrowsAsync<StratumException>(() => cleaner.RestoreAsync(scd.CleanupId!, default));

        var undoDups = await cleaner.RestoreAsync(dups.CleanupId!, default);
        Assert.True(undoDups.IdenticalToBeforeCleanup);
        Assert.Equal(43_000, undoDups.RowsPutBack);
        Assert.Equal(original, await t.Auditor.ChecksumAsync(table.Table, default));
        Assert.Equal(45_000, (await AuditAsync(t, table)).TotalRows);
    }
}
