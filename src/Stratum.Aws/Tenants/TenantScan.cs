using Stratum.Names;

namespace Stratum.Tenants;

/// <summary>What a registry scan found: the enabled tenants (sorted) and the rows it could not use, each with why.</summary>
public sealed record TenantScan(IReadOnlyList<TenantId> Enabled, IReadOnlyList<string> Problems);
