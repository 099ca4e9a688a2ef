using System.Text.Json.Serialization;

namespace Stratum.Objects;

/// <summary>Why something landed in the object store is never loaded (docs/operations.md, "Nothing landed is ignored").</summary>
public enum UnloadableReason
{
    /// <summary>A file directly under the landing root, not in a tenant folder.</summary>
    OutsideTenantFolder,

    /// <summary>A top-level folder whose name is not a valid tenant id.</summary>
    InvalidTenantName,

    /// <summary>A tenant folder the tenant registry does not enable.</summary>
    TenantNotEnabled,

    /// <summary>A tenant folder with no <c>canonical/</c> folder.</summary>
    NoCanonicalFolder,

    /// <summary>A file directly under <c>{tenant}/canonical/</c>, not in a table folder.</summary>
    OutsideTableFolder,

    /// <summary>A folder under <c>{tenant}/canonical/</c> whose name is not a valid table name.</summary>
    InvalidTableName,

    /// <summary>A table folder with no contract.</summary>
    NoContract,

    /// <summary>A file in a stream's folder that no reader reads (by its extension).</summary>
    UnsupportedExtension,
}

/// <summary>
/// A file or folder in the object store that the loader will never read, and why. A folder
/// (<see cref="IsFolder"/>, <see cref="Key"/> ending with '/') stands for everything beneath it and
/// counts once. <see cref="Tenant"/> is the key's first segment as landed (possibly not a valid
/// tenant id; empty for a file at the root). <see cref="Detail"/> says why in words.
/// </summary>
public sealed record UnloadableObject(string Key, bool IsFolder, UnloadableReason Reason, string Tenant, string Detail)
{
    /// <summary>The reason as it appears in metrics and JSON: <c>no_contract</c>, <c>invalid_tenant_name</c>, …</summary>
    [JsonIgnore]
    public string ReasonCode => Code(Reason);

    [JsonIgnore]
    public string Text => $"{Key}: {Detail}";

    public static string Code(UnloadableReason reason) => reason switch
    {
        UnloadableReason.OutsideTenantFolder => "outside_tenant_folder",
        UnloadableReason.InvalidTenantName => "invalid_tenant_name",
        UnloadableReason.TenantNotEnabled => "tenant_not_enabled",
        UnloadableReason.NoCanonicalFolder => "no_canonical_folder",
        UnloadableReason.OutsideTableFolder => "outside_table_folder",
        UnloadableReason.InvalidTableName => "invalid_table_name",
        UnloadableReason.NoContract => "no_contract",
        UnloadableReason.UnsupportedExtension => "unsupported_extension",
        _ => reason.ToString(),
    };
}
