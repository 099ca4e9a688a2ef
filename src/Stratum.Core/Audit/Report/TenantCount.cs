namespace Stratum.Audit;

/// <summary>A finding's count in one tenant, and the keys it touches there.</summary>
public sealed record TenantCount(string Tenant, long Count, long Keys);
