namespace Stratum.Audit;

/// <summary>How the audit read the table: which column played which role, and which columns were left
/// out of a row's identity (load time and lineage).</summary>
public sealed record AuditRoles(
    string Tenant, IReadOnlyList<string> Key, string Version, string EffectiveDate, string ExpirationDate, string IsCurrent,
    string? RecordVersion, string? LoadedAt, IReadOnlyList<string> Lineage, IReadOnlyList<string> IdentityExcludes,
    bool GapsAllowed, bool HasContract)
{
    public static AuditRoles Of(AuditedTable t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new AuditRoles(t.Tenant.Value, [.. t.Key.Select(k => k.Value)], t.VersionColumn.Value, t.EffectiveDate.Value, t.ExpirationDate.Value,
            t.IsCurrent.Value, t.RecordVersion?.Value, t.LoadedAt?.Value, [.. t.Lineage.Select(l => l.Value)],
            [.. t.WriteMetadata.Select(m => m.Value)], t.GapsAllowed, t.HasContract);
    }
}
