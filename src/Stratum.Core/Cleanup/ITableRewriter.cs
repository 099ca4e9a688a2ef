using Stratum.Audit;
using Stratum.Contracts;

namespace Stratum.Cleanup;

/// <summary>
/// The repair port: every repair is backed up first and applied atomically per partition
/// (ClickHouse: staging + REPLACE PARTITION; DuckDB: one transaction), logged under a cleanup id and
/// restorable. It reads through the audit port it extends. docs/audit-and-repair.md.
/// </summary>
public interface ITableRewriter : ITableAuditor
{
    /// <summary>Backs up every extra copy, then rewrites each affected partition keeping one row per group.</summary>
    Task<AppliedCleanup> RemoveDuplicatesAsync(AuditScope scope, CleanupTicket ticket, CancellationToken cancellationToken);

    /// <summary>Backs up the planned keys' rows, then rewrites each affected partition with their rebuilt history.</summary>
    Task<AppliedCleanup> RewriteHistoriesAsync(AuditScope scope, CleanupTicket ticket, RebuildPlan plan, CancellationToken cancellationToken);

    /// <summary>
    /// A contract migration (<c>stratum migrate --execute</c>): backs up the rewritten keys' rows under the
    /// ticket, brings the table's columns to <paramref name="now"/> (new columns null, removed ones dropped),
    /// replaces those keys' history with the rebuilt one and stores the new contract with the table —
    /// atomically where the warehouse can. Restored by <see cref="RestoreAsync"/> like any cleanup, which also
    /// puts the columns and the stored contract back.
    /// </summary>
    Task<AppliedCleanup> MigrateAsync(CleanupTicket ticket, TableContract stored, TableContract now, IReadOnlyList<TenantRewrite> rewrites, CancellationToken cancellationToken);

    /// <summary>The cleanup log's record of a cleanup, or null when no cleanup has that id.</summary>
    Task<CleanupRecord?> FindCleanupAsync(string cleanupId, CancellationToken cancellationToken);

    /// <summary>Puts back what a cleanup removed and takes out what it wrote, partition by partition.</summary>
    Task<AppliedCleanup> RestoreAsync(CleanupRecord record, CancellationToken cancellationToken);
}
