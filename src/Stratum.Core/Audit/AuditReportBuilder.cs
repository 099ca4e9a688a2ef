using Stratum.Invariants;

namespace Stratum.Audit;

/// <summary>Shapes what the warehouse counted (<see cref="AuditFigures"/>) into an <see cref="AuditReport"/>. Pure.</summary>
public static class AuditReportBuilder
{
    public static AuditReport Build(AuditScope scope, string warehouse, AuditFigures f)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(f);
        var roles = AuditRoles.Of(scope.Table);
        var total = f.Groups.Sum(g => g.Rows);
        var dupGroups = f.Groups.Where(g => g.Size > 1).ToList();
        var dupRows = dupGroups.Sum(g => g.ExtraRows);
        var byTenant = f.Groups.GroupBy(g => g.Tenant).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TenantDuplicates(g.Key, g.Sum(x => x.Rows), g.Sum(x => x.Groups), g.Sum(x => x.ExtraRows), g.Where(x => x.Size > 1).Sum(x => x.Groups)))
            .ToList();
        var byCurrent = dupGroups.GroupBy(g => g.IsCurrent).OrderBy(g => g.Key)
            .Select(g => new CurrentDuplicates(g.Key, g.Sum(x => x.ExtraRows), g.Sum(x => x.Groups))).ToList();
        var sizes = dupGroups.GroupBy(g => g.Size).OrderBy(g => g.Key).Select(g => new GroupSize(g.Key, g.Sum(x => x.Groups))).ToList();
        WriteSpan? span = scope.Table.LoadedAt is { } la && dupGroups.Count > 0
            ? new WriteSpan(la.Value, dupGroups.Sum(g => g.Groups), dupGroups.Max(g => g.MaxSpanSeconds),
                dupGroups.Sum(g => g.Within1s), dupGroups.Sum(g => g.Within60s), dupGroups.Sum(g => g.Within1h))
            : null;
        var groups = dupGroups.Sum(g => g.Groups);
        var duplicates = new DuplicateFindings(dupRows, Percent(dupRows, total), groups, sizes, byTenant, byCurrent, f.Lineage, span, f.DuplicateSamples, []);
        duplicates = duplicates with { Diagnosis = Diagnosis.Of(total, duplicates, roles) };

        var versionRows = f.VersionGroups.Sum(v => v.ExtraRows);
        var versions = new VersionDuplicates(versionRows, Percent(versionRows, total), f.VersionGroups.Sum(v => v.Groups),
            [.. f.VersionGroups.Select(v => new TenantCount(v.Tenant, v.ExtraRows, v.Groups))]);

        var findings = f.Violations.GroupBy(v => v.Kind).OrderBy(g => g.Key)
            .Select(g => new ScdFinding(g.Key, FindingText.Describe(g.Key), g.Sum(x => x.Count), g.Sum(x => x.Keys),
                [.. g.OrderBy(x => x.Tenant, StringComparer.Ordinal).Select(x => new TenantCount(x.Tenant, x.Count, x.Keys))],
                [.. f.Samples.Where(s => s.Kind == g.Key)], g.Key != ViolationKind.FutureEffectiveDate))
            .ToList();
        return new AuditReport
        {
            Table = scope.Table.Table.Value,
            Warehouse = warehouse,
            Tenant = scope.Tenant?.Value,
            GeneratedAt = scope.Now,
            Columns = roles,
            TotalRows = total,
            UniqueRows = f.Groups.Sum(g => g.Groups),
            CurrentRows = f.Groups.Where(g => g.IsCurrent).Sum(g => g.Rows),
            Keys = f.Keys,
            Versions = f.Versions,
            Tenants = byTenant.Count,
            ExactDuplicates = duplicates,
            VersionDuplicates = versions,
            Violations = findings,
        };
    }

    private static double Percent(long part, long whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 2);
}
