using Stratum.Names;
using Stratum.Reading;

namespace Stratum.Objects;

/// <summary>
/// What a walk of the landing root found (<see cref="LandingSurveyor"/>): the files directly under
/// the root and, per top-level folder, what is directly under its <c>canonical/</c> folder.
/// </summary>
public sealed record LandingListing(IReadOnlyList<string> RootFiles, IReadOnlyList<LandingListing.Folder> Folders)
{
    /// <summary>
    /// A top-level folder. <see cref="Canonical"/> is null when the walk did not look inside (its
    /// name is not a tenant id, or the registry does not enable it); empty when it has no
    /// <c>canonical/</c> folder.
    /// </summary>
    public sealed record Folder(string Name, IReadOnlyList<FolderEntry>? Canonical);
}

/// <summary>The streams the landing root holds, and what in it will never be loaded.</summary>
public sealed record LandingSurveyResult(IReadOnlyList<TenantId> Tenants, IReadOnlyList<UnloadableObject> Unloadable);

/// <summary>
/// Classifies what landed: pure, no I/O. The loader reads only <c>{tenant}/canonical/{table}/</c>
/// for a valid, enabled tenant and a table with a contract, and there only the files a reader
/// reads; everything else is named here with a reason, so that nothing landed is ignored in
/// silence (docs/operations.md).
/// </summary>
public static class LandingSurvey
{
    public const string Canonical = "canonical";

    /// <summary>
    /// Classifies a walk of the root. <paramref name="enabled"/> is the registry's tenants, or null
    /// when tenants are the folders themselves (every valid name with a <c>canonical/</c> folder).
    /// Returns the tenants to load (those enabled, or found) and the unloadable objects in key order.
    /// </summary>
    public static LandingSurveyResult Classify(
        LandingListing listing, IReadOnlySet<TenantId>? enabled, IReadOnlySet<Identifier> contracts, string registry)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(contracts);
        var unloadable = new List<UnloadableObject>();
        var tenants = new List<TenantId>();
        foreach (var file in listing.RootFiles)
        {
            unloadable.Add(new(file, false, UnloadableReason.OutsideTenantFolder, "",
                "a file directly under the landing root; the loader reads only {tenant}/canonical/{table}/"));
        }
        var known = string.Join(", ", contracts.Select(c => c.Value).Order(StringComparer.Ordinal));
        foreach (var folder in listing.Folders)
        {
            var key = folder.Name + "/";
            if (!TenantId.TryParse(folder.Name, out var tenant, out var error))
            {
                unloadable.Add(new(key, true, UnloadableReason.InvalidTenantName, folder.Name, $"not a tenant folder: {error}"));
                continue;
            }
            if (enabled is not null && !enabled.Contains(tenant))
            {
                unloadable.Add(new(key, true, UnloadableReason.TenantNotEnabled, folder.Name, $"tenant '{tenant}' is not enabled in the tenant registry ({registry})"));
                continue;
            }
            if (folder.Canonical is not { Count: > 0 } canonical)
            {
                if (folder.Canonical is not null)
                {
                    unloadable.Add(new(key, true, UnloadableReason.NoCanonicalFolder, folder.Name,
                        $"tenant folder without {Canonical}/; the loader reads only {folder.Name}/{Canonical}/{{table}}/"));
                }
                continue;
            }
            if (enabled is null)
            {
                tenants.Add(tenant);
            }
            foreach (var entry in canonical)
            {
                var entryKey = $"{folder.Name}/{Canonical}/{entry.Name}";
                if (!entry.IsFolder)
                {
                    unloadable.Add(new(entryKey, false, UnloadableReason.OutsideTableFolder, folder.Name,
                        $"a file directly under {folder.Name}/{Canonical}/, not in a table folder"));
                }
                else if (!Identifier.TryParse(entry.Name, out var table, out var tableError, "table"))
                {
                    unloadable.Add(new(entryKey + "/", true, UnloadableReason.InvalidTableName, folder.Name, $"not a table folder: {tableError}"));
                }
                else if (!contracts.Contains(table))
                {
                    unloadable.Add(new(entryKey + "/", true, UnloadableReason.NoContract, folder.Name,
                        $"no contract for table '{table}' (contracts: {(known.Length == 0 ? "none" : known)})"));
                }
            }
        }
        return new LandingSurveyResult(
            enabled is null ? [.. tenants.Order()] : [.. enabled.Order()],
            [.. unloadable.OrderBy(u => u.Key, StringComparer.Ordinal)]);
    }

    /// <summary>True when a reader reads the key (by its extension).</summary>
    public static bool Readable(string key, IReadOnlyList<IFileReader> readers) => readers.Any(r => r.CanRead(key));

    /// <summary>
    /// A file listed in a stream's folder that no reader reads. Until a load quarantines it (with
    /// the same reason), it is named as unloadable by whoever lists the stream without loading it
    /// (<c>status</c>, <c>check</c>, <c>serve</c>'s probe).
    /// </summary>
    public static UnloadableObject UnsupportedFile(StreamId stream, string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var extension = dot < 0 ? "no extension" : $"extension '{name[dot..]}'";
        return new(key, false, UnloadableReason.UnsupportedExtension, stream.Tenant.Value,
            $"no reader for its {extension} (.parquet, .csv, .ndjson, .jsonl or .json, optionally .gz); the next load of {stream.Key} quarantines it");
    }
}
