using Stratum.Cleanup;
using Stratum.Contracts;

namespace Stratum.ClickHouse.Audit;

public sealed partial class ClickHouseTableAuditor
{
    /// <summary>
    /// Not built yet on ClickHouse: the dry run works (it reads through the warehouse port) and the
    /// load refuses a changed contract, but the rewrite itself (ALTER of the table and its backup,
    /// partitions swapped with REPLACE PARTITION, the contract stored last) is still to come.
    /// </summary>
    public override Task<AppliedCleanup> MigrateAsync(CleanupTicket ticket, TableContract stored, TableContract now, IReadOnlyList<TenantRewrite> rewrites, CancellationToken cancellationToken)
        => throw new StratumException($"`stratum migrate --execute` is not available on ClickHouse yet ({Describe}); the dry run shows what it would do. "
            + "Until then: put the contract back as it was, or give the new contract a new table name and load the files into it");
}
