namespace Stratum.Audit;

/// <summary>One tenant's rows, unique rows, extra copies and duplicate groups.</summary>
public sealed record TenantDuplicates(string Tenant, long Rows, long UniqueRows, long DuplicateRows, long Groups);
