namespace Stratum.Audit;

/// <summary>Runs an audit: the warehouse counts (<see cref="ITableAuditor.MeasureAsync"/>), the core shapes and explains.</summary>
public sealed class Auditor(ITableAuditor warehouse)
{
    public async Task<AuditReport> AuditAsync(AuditScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var figures = await warehouse.MeasureAsync(scope, cancellationToken);
        return AuditReportBuilder.Build(scope, warehouse.Describe, figures);
    }
}
