using Stratum.Names;
using Stratum.Objects;

namespace Stratum.Tenants;

/// <summary>
/// Tenants are the top-level folders of the object store that hold <c>canonical/</c>. A folder
/// whose name is not a valid tenant id is reported in <see cref="Rejected"/>, never loaded.
/// </summary>
public sealed class FolderTenantRegistry(IObjectStore objects) : ITenantRegistry
{
    public string Describe => "auto:" + objects.Describe;

    public List<string> Rejected { get; } = [];

    public async Task<IReadOnlyList<TenantId>> ListEnabledAsync(CancellationToken cancellationToken)
    {
        var tenants = new List<TenantId>();
        await foreach (var name in objects.ListTenantFoldersAsync(cancellationToken))
        {
            if (TenantId.TryParse(name, out var tenant, out var error))
            {
                tenants.Add(tenant);
            }
            else
            {
                Rejected.Add(error);
            }
        }
        return [.. tenants.Order()];
    }
}
