using Stratum.Tenants;
using Stratum.Testing.InMemory;
using Stratum.Testing.Tenants;

namespace Stratum.Core.Tests.Tenants;

/// <summary>The tenant registry contract, run against the object store's folders on <see cref="InMemoryObjectStore"/>.</summary>
public sealed class InMemoryFolderTenantRegistryContractTests : TenantRegistryContractTests
{
    protected override async Task<ITenantRegistry> CreateAsync(IReadOnlyList<string> enabled, IReadOnlyList<string> disabled)
    {
        var store = new InMemoryObjectStore();
        await FolderTenants.LandAsync(store, enabled, disabled);
        return new FolderTenantRegistry(store);
    }
}
