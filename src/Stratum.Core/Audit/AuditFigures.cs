namespace Stratum.Audit;

/// <summary>What the warehouse counted for one audit, before it is shaped into a report: distinct keys and
/// versions (key + version), identity groups, lineage, samples, the incident's measure, violations.</summary>
public sealed record AuditFigures(
    long Keys,
    long Versions,
    IReadOnlyList<DuplicateGroupStat> Groups,
    IReadOnlyList<LineageBreakdown> Lineage,
    IReadOnlyList<DuplicateSample> DuplicateSamples,
    IReadOnlyList<VersionGroupStat> VersionGroups,
    IReadOnlyList<KindCount> Violations,
    IReadOnlyList<FindingSample> Samples);
