namespace Stratum.Audit;

/// <summary>The incident's own measure, per tenant: groups of rows sharing tenant, key and version
/// (whatever their other columns) and the rows in them.</summary>
public sealed record VersionGroupStat(string Tenant, long Groups, long Rows)
{
    public long ExtraRows => Rows - Groups;
}
