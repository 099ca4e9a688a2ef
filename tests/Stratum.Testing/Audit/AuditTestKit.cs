using Stratum.Audit;
using Stratum.Simulation.Legacy;
using Stratum.Cleanup;
using Stratum.Names;

namespace Stratum.Testing.Audit;

/// <summary>Shared steps of the audit tests: build a legacy table, describe it, audit, clean.</summary>
public static class AuditTestKit
{
    public static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly Identifier Id = Identifier.Parse("id");
    public static readonly Identifier LastUpdated = Identifier.Parse("last_updated");
    public static readonly Identifier RecordVersion = Identifier.Parse("record_version");

    /// <summary>The incident's table read the legacy way: <c>--key id --version last_updated</c>.</summary>
    public static AuditedTable Legacy(Identifier? table = null, Identifier? loadedAt = null, params Identifier[] lineage) => new()
    {
        Table = table ?? TimeEntries.Name,
        Key = [Id],
        Version = LastUpdated,
        RecordVersion = RecordVersion,
        LoadedAt = loadedAt,
        Lineage = [.. lineage],
    };

    public static async Task BuildAsync(AuditTarget target, IEnumerable<TimeEntryRow> rows, LegacyTableSpec? spec = null, bool replace = true)
    {
        spec ??= TimeEntries.Spec();
        await target.Writer.CreateAsync(spec, replace, default);
        await target.Writer.InsertAsync(spec, rows.Select(r => TimeEntries.Values(r)), default);
    }

    public static async Task<AuditScope> ScopeAsync(AuditTarget target, AuditedTable table, TenantId? tenant = null)
    {
        var schema = await target.Auditor.DescribeTableAsync(table.Table, default) ?? throw new InvalidOperationException($"no table {table.Table}");
        return new AuditScope(new AuditColumns(table, schema), tenant, Now);
    }

    public static async Task<AuditReport> AuditAsync(AuditTarget target, AuditedTable table, TenantId? tenant = null)
        => await new Auditor(target.Auditor).AuditAsync(await ScopeAsync(target, table, tenant), default);

    public static async Task<CleanupResult> CleanAsync(AuditTarget target, CleanupKind kind, AuditedTable table, TenantId? tenant = null)
        => await new Cleaner(target.Auditor, TimeProvider.System).ExecuteAsync(kind, await ScopeAsync(target, table, tenant), default);

    public static ScdFinding? Finding(AuditReport report, Stratum.Invariants.ViolationKind kind) => report.Violations.SingleOrDefault(v => v.Kind == kind);
}
