using Stratum.Names;
using Stratum.Tenants;
using Stratum.Testing.Tenants;

namespace Stratum.Core.Tests.Tenants;

/// <summary>The tenant registry contract, run against a fixed list (which leaves the disabled names out).</summary>
public sealed class StaticTenantRegistryContractTests : TenantRegistryContractTests
{
    protected override bool CanHoldInvalidNames => false;

    protected override Task<ITenantRegistry> CreateAsync(IReadOnlyList<string> enabled, IReadOnlyList<string> disabled)
        => Task.FromResult<ITenantRegistry>(new StaticTenantRegistry(enabled.Select(TenantId.Parse)));
}
