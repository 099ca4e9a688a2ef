using Stratum.Names;

namespace Stratum.Audit;

/// <summary>
/// One audit: the table's columns, an optional tenant (null: every tenant), the time against which
/// effective dates count as "in the future", how many samples to keep per finding and how many
/// entries a breakdown list shows. Counts are never limited; samples and list entries are.
/// </summary>
public sealed record AuditScope(AuditColumns Columns, TenantId? Tenant, DateTime Now, int Samples = 5, int Top = 20)
{
    public AuditedTable Table => Columns.Table;
}
