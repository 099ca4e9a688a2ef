using Stratum.Contracts;
using Stratum.Names;
using Stratum.Warehouse;

namespace Stratum.ClickHouse.Warehouse;

public sealed partial class ClickHouseWarehouse
{
    /// <summary>From the audit's definitions (<see cref="Stratum.Audit.Sql.SqlTableAuditor.CountProblemsAsync"/>).</summary>
    public Task<InvariantCounts> CountProblemsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
        => new Audit.ClickHouseTableAuditor(this).CountProblemsAsync(contract, tenant, cancellationToken);

    /// <summary>The server answers <c>SELECT 1</c>.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
        => await _client.QueryTsvAsync("SELECT 1", null, cancellationToken);
}
