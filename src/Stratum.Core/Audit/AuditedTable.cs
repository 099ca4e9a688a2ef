using System.Collections.Immutable;
using Stratum.Contracts;
using Stratum.Names;

namespace Stratum.Audit;

/// <summary>
/// The table to audit and the role of each column that matters: tenant, business key, the column
/// that orders versions, the SCD columns, and the columns that only record how a row was written
/// (load time, lineage). Defaults follow the incident's table. Built from a contract for Stratum's
/// own tables, or from options (<c>--key id --version last_updated</c>) for legacy ones.
/// </summary>
public sealed record AuditedTable
{
    public required Identifier Table { get; init; }
    public Identifier Tenant { get; init; } = Identifier.Parse("tenant_id");
    public required ImmutableArray<Identifier> Key { get; init; }

    /// <summary>The column that orders versions (<c>last_updated</c>); null: the effective date does (Stratum's tables).</summary>
    public Identifier? Version { get; init; }
    public Identifier EffectiveDate { get; init; } = Identifier.Parse("effective_date");
    public Identifier ExpirationDate { get; init; } = Identifier.Parse("expiration_date");
    public Identifier IsCurrent { get; init; } = Identifier.Parse("is_current");

    /// <summary>A version counter (1..n per key) the repair renumbers; null when the table has none.</summary>
    public Identifier? RecordVersion { get; init; }

    /// <summary>When the row was written (a load timestamp). Not part of a row's identity.</summary>
    public Identifier? LoadedAt { get; init; }

    /// <summary>Which file or load wrote the row. Not part of a row's identity.</summary>
    public ImmutableArray<Identifier> Lineage { get; init; } = [];

    /// <summary>Stratum's tables: the hash column whose empty value marks a delete marker (see docs/scd-semantics.md).</summary>
    public Identifier? DeleteMarkerHash { get; init; }

    /// <summary>The stream has deletes, so a gap between versions is legitimate.</summary>
    public bool GapsAllowed { get; init; }

    /// <summary>True when the table is one Stratum loads (its contract is known).</summary>
    public bool HasContract { get; init; }

    public Identifier VersionColumn => Version ?? EffectiveDate;

    /// <summary>Columns that record how a row was written rather than what it says.</summary>
    public IEnumerable<Identifier> WriteMetadata => LoadedAt is { } l ? [l, .. Lineage] : Lineage;

    /// <summary>Stratum's own table: key and SCD names from the contract, lineage columns, delete markers.</summary>
    public static AuditedTable FromContract(TableContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var scd = contract.ScdColumns;
        return new AuditedTable
        {
            Table = contract.Table,
            Tenant = scd.TenantId,
            Key = contract.Key,
            EffectiveDate = scd.EffectiveDate,
            ExpirationDate = scd.ExpirationDate,
            IsCurrent = scd.IsCurrent,
            RecordVersion = scd.RecordVersion,
            Lineage = [scd.SourceFile, scd.LoadId],
            DeleteMarkerHash = scd.DataHash,
            GapsAllowed = contract.HasDeletes,
            HasContract = true,
        };
    }
}
