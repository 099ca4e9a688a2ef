using System.Text.Json.Serialization;

namespace Stratum.Migration;

/// <summary>
/// What <c>stratum migrate</c> would do to a table (the dry run): the state, the fingerprints, what
/// changed, per tenant the keys and rows before and after, and every reason it refuses.
/// </summary>
public sealed record MigrationPreview(
    string Table, string State, string? StoredFingerprint, string Fingerprint, string? StoredOrigin, DateTime? StoredAt,
    IReadOnlyList<ContractChange> Changes, IReadOnlyList<TenantMigration> Tenants, IReadOnlyList<string> Refusals)
{
    public static class States
    {
        /// <summary>No such table: the first load creates it and stores the contract.</summary>
        public const string NoTable = "no-table";

        /// <summary>The table has no stored contract (made before fingerprints): the next load stores the current one, trusted.</summary>
        public const string NotStored = "not-stored";

        /// <summary>The stored contract is the current one.</summary>
        public const string UpToDate = "up-to-date";

        /// <summary>The contract changed and the rewrite can be derived: <c>--execute</c> applies it.</summary>
        public const string Ready = "ready";

        /// <summary>The contract changed in a way the stored rows cannot follow; <see cref="Refusals"/> says why and what to do instead.</summary>
        public const string Refused = "refused";
    }

    public string Summary => string.Join("; ", Changes.Select(c => c.Text));

    public long RowsBefore => Tenants.Sum(t => t.RowsBefore);

    public long RowsAfter => Tenants.Sum(t => t.RowsAfter);

    [JsonIgnore]
    public Contracts.TableContract? StoredContract { get; init; }
}
