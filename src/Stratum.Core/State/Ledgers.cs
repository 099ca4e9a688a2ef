using Stratum.Objects;

namespace Stratum.State;

/// <summary>Looks a listed file up in a stream's ledger.</summary>
public static class Ledgers
{
    /// <summary>
    /// The ledger entry of a listed file, or null when the file is pending. An entry is found
    /// under the file's identity, or, for entries an older store version recorded, under the
    /// file's <see cref="ObjectInfo.LegacyIdentity"/> when the entry's key is the file's key
    /// (old local-folder entries identify content alone; they are read as they are, never
    /// migrated).
    /// </summary>
    public static LedgerEntry? Find(this IReadOnlyDictionary<string, LedgerEntry> ledger, ObjectInfo file)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(file);
        if (ledger.TryGetValue(file.Identity, out var entry))
        {
            return entry;
        }
        return file.LegacyIdentity is { } legacy && ledger.TryGetValue(legacy, out var old) && string.Equals(old.Key, file.Key, StringComparison.Ordinal)
            ? old
            : null;
    }

    /// <summary>Whether the ledger has an entry (committed or quarantined) for the listed file.</summary>
    public static bool Holds(this IReadOnlyDictionary<string, LedgerEntry> ledger, ObjectInfo file) => ledger.Find(file) is not null;
}
