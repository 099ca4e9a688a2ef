using Stratum.Invariants;

namespace Stratum.Audit;

/// <summary>How often one kind of violation occurs in one tenant, and in how many keys.</summary>
public sealed record KindCount(ViolationKind Kind, string Tenant, long Count, long Keys);
