namespace Stratum.Audit;

/// <summary>
/// Exact duplicates: rows equal in every identity column. <see cref="DuplicateRows"/> counts the
/// extra copies (a group of n rows has n − 1), <see cref="Percent"/> is of all rows.
/// </summary>
public sealed record DuplicateFindings(
    long DuplicateRows,
    double Percent,
    long Groups,
    IReadOnlyList<GroupSize> GroupSizes,
    IReadOnlyList<TenantDuplicates> ByTenant,
    IReadOnlyList<CurrentDuplicates> ByIsCurrent,
    IReadOnlyList<LineageBreakdown> ByLineage,
    WriteSpan? Span,
    IReadOnlyList<DuplicateSample> Samples,
    IReadOnlyList<string> Diagnosis);
