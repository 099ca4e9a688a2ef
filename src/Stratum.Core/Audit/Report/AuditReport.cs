namespace Stratum.Audit;

/// <summary>Everything an audit found in one table (or one tenant of it). Exit code 0 only when <see cref="Clean"/>.</summary>
public sealed record AuditReport
{
    public required string Table { get; init; }
    public required string Warehouse { get; init; }
    public string? Tenant { get; init; }
    public required DateTime GeneratedAt { get; init; }
    public required AuditRoles Columns { get; init; }
    public long TotalRows { get; init; }
    public long UniqueRows { get; init; }
    public long CurrentRows { get; init; }
    public long Keys { get; init; }
    public long Versions { get; init; }
    public long Tenants { get; init; }
    public required DuplicateFindings ExactDuplicates { get; init; }
    public required VersionDuplicates VersionDuplicates { get; init; }
    public required IReadOnlyList<ScdFinding> Violations { get; init; }

    public long ViolationCount => Violations.Sum(v => v.Count);

    public bool Clean => ExactDuplicates.DuplicateRows == 0 && ViolationCount == 0;
}
