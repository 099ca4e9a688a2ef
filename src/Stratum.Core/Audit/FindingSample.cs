using Stratum.Invariants;

namespace Stratum.Audit;

/// <summary>One key with a violation of <see cref="Kind"/>: how many instances, and the key's history
/// (distinct rows, oldest first) as lines a person can read.</summary>
public sealed record FindingSample(ViolationKind Kind, string Tenant, string Key, long Count, IReadOnlyList<string> History);
