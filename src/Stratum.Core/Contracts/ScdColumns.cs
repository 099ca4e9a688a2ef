using Stratum.Names;

namespace Stratum.Contracts;

/// <summary>
/// The names of the columns Stratum adds to every target table. Defaults follow the incident's
/// table (<c>tenant_id</c>, <c>effective_date</c>, …); each can be renamed in the contract.
/// The last three are Stratum's own bookkeeping: lineage (the file and load that first produced a
/// version) and the hidden events of a version (see docs/scd-semantics.md).
/// </summary>
public sealed record ScdColumns
{
    public Identifier TenantId { get; init; } = Identifier.Parse("tenant_id");
    public Identifier EffectiveDate { get; init; } = Identifier.Parse("effective_date");
    public Identifier ExpirationDate { get; init; } = Identifier.Parse("expiration_date");
    public Identifier IsCurrent { get; init; } = Identifier.Parse("is_current");
    public Identifier DataHash { get; init; } = Identifier.Parse("data_hash");
    public Identifier RecordVersion { get; init; } = Identifier.Parse("record_version");
    public Identifier SourceFile { get; init; } = Identifier.Parse("stratum_source_file");
    public Identifier LoadId { get; init; } = Identifier.Parse("stratum_load_id");
    public Identifier Hidden { get; init; } = Identifier.Parse("stratum_hidden");

    public static ScdColumns Default { get; } = new();

    public IEnumerable<(string Role, Identifier Name)> All()
    {
        yield return ("tenant_id", TenantId);
        yield return ("effective_date", EffectiveDate);
        yield return ("expiration_date", ExpirationDate);
        yield return ("is_current", IsCurrent);
        yield return ("data_hash", DataHash);
        yield return ("record_version", RecordVersion);
        yield return ("source_file", SourceFile);
        yield return ("load_id", LoadId);
        yield return ("hidden", Hidden);
    }
}
