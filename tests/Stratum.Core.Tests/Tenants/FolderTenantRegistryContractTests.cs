using Stratum.Objects;
using Stratum.Tenants;
using Stratum.Testing.Tenants;

namespace Stratum.Core.Tests.Tenants;

/// <summary>
/// The tenant registry contract, run against the object store's folders on a local folder: an
/// enabled tenant has a file under <c>{name}/canonical/</c>, a disabled one only under <c>{name}/raw/</c>.
/// </summary>
public sealed class FolderTenantRegistryContractTests : TenantRegistryContractTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-tenants-").FullName;

    protected override async Task<ITenantRegistry> CreateAsync(IReadOnlyList<string> enabled, IReadOnlyList<string> disabled)
    {
        var store = new LocalFolderObjectStore(Path.Combine(_dir, Guid.NewGuid().ToString("N")));
        await FolderTenants.LandAsync(store, enabled, disabled);
        return new FolderTenantRegistry(store);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
