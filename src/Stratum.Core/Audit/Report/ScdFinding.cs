using Stratum.Invariants;

namespace Stratum.Audit;

/// <summary>One kind of SCD2 violation: what it means, how many, in how many keys, by tenant, samples,
/// and whether <c>stratum clean scd</c> repairs it.</summary>
public sealed record ScdFinding(
    ViolationKind Kind, string Description, long Count, long Keys, IReadOnlyList<TenantCount> ByTenant,
    IReadOnlyList<FindingSample> Samples, bool Repairable);
