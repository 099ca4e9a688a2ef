using Stratum.Names;

namespace Stratum.Tenants;

/// <summary>A fixed list of tenants, from the project file or the command line.</summary>
public sealed class StaticTenantRegistry(IEnumerable<TenantId> tenants) : ITenantRegistry
{
    private readonly IReadOnlyList<TenantId> _tenants = [.. tenants.Distinct().Order()];

    public string Describe => "list:" + string.Join(",", _tenants);

    public Task<IReadOnlyList<TenantId>> ListEnabledAsync(CancellationToken cancellationToken) => Task.FromResult(_tenants);
}
