using Stratum.Names;
using Stratum.Planning;

namespace Stratum.Cleanup;

/// <summary>One tenant's part of a migration: the keys whose rows change, each with its whole new history.</summary>
public sealed record TenantRewrite(TenantId Tenant, IReadOnlyList<KeyPlan> Keys);
