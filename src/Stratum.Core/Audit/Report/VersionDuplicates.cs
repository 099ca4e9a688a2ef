namespace Stratum.Audit;

/// <summary>The incident report's own measure: rows sharing tenant, key and version, whatever else
/// differs (so a current and a historical copy of one version count too). Extra rows and their share.</summary>
public sealed record VersionDuplicates(long DuplicateRows, double Percent, long Groups, IReadOnlyList<TenantCount> ByTenant);
