using System.Text;
using Stratum.Objects;

namespace Stratum.Core.Tests.Tenants;

/// <summary>Lands the files that make folders tenants (or not) for <see cref="Stratum.Tenants.FolderTenantRegistry"/>.</summary>
internal static class FolderTenants
{
    /// <summary>An enabled name gets a file under <c>{name}/canonical/</c> (a repeated name, a second one); a disabled one a file under <c>{name}/raw/</c>.</summary>
    public static async Task LandAsync(IObjectStore store, IReadOnlyList<string> enabled, IReadOnlyList<string> disabled)
    {
        for (var i = 0; i < enabled.Count; i++)
        {
            await store.PutAsync($"{enabled[i]}/canonical/contacts/f{i}.csv", new MemoryStream(Encoding.UTF8.GetBytes("id\n1\n")), default);
        }
        for (var i = 0; i < disabled.Count; i++)
        {
            await store.PutAsync($"{disabled[i]}/raw/connectwise/f{i}.json", new MemoryStream(Encoding.UTF8.GetBytes("{}")), default);
        }
    }
}
