using Stratum.Names;

namespace Stratum.Tenants;

/// <summary>The tenant registry port: which tenants to load.</summary>
public interface ITenantRegistry
{
    string Describe { get; }

    /// <summary>Enabled tenants, sorted.</summary>
    Task<IReadOnlyList<TenantId>> ListEnabledAsync(CancellationToken cancellationToken);
}
