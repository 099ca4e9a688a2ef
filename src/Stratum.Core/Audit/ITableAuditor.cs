using Stratum.Cleanup;
using Stratum.Contracts;
using Stratum.Names;

namespace Stratum.Audit;

/// <summary>
/// The audit and repair port: every count is pushed down to the warehouse as SQL (GROUP BY, no
/// window functions on ClickHouse 18.16, nothing capped), every repair is backed up first and
/// applied atomically per partition (ClickHouse: staging + REPLACE PARTITION; DuckDB: one
/// transaction). Implemented by Stratum.DuckDb and Stratum.ClickHouse; docs/audit-and-repair.md.
/// </summary>
public interface ITableAuditor
{
    /// <summary>A display form of the warehouse (no secrets).</summary>
    string Describe { get; }

    /// <summary>The table's columns, or null when there is no such table.</summary>
    Task<TableSchema?> DescribeTableAsync(Identifier table, CancellationToken cancellationToken);

    /// <summary>Every figure of an audit: duplicate groups, lineage, the incident's measure, violations and samples.</summary>
    Task<AuditFigures> MeasureAsync(AuditScope scope, CancellationToken cancellationToken);

    /// <summary>A readable value for each partition id of the table (ClickHouse: the partition key's value).</summary>
    Task<IReadOnlyDictionary<string, string>> PartitionLabelsAsync(Identifier table, CancellationToken cancellationToken);

    /// <summary>Per partition (DuckDB: per tenant), the rows an exact-duplicate cleanup would remove.</summary>
    Task<IReadOnlyList<PartitionChange>> PreviewDuplicatesAsync(AuditScope scope, CancellationToken cancellationToken);

    /// <summary>Every row (identical copies counted, not repeated) of every key with a repairable SCD violation.</summary>
    Task<IReadOnlyList<HistoryRow>> ReadBrokenHistoriesAsync(AuditScope scope, CancellationToken cancellationToken);

    /// <summary>Backs up every extra copy, then rewrites each affected partition keeping one row per group.</summary>
    Task<AppliedCleanup> RemoveDuplicatesAsync(AuditScope scope, CleanupTicket ticket, CancellationToken cancellationToken);

    /// <summary>Backs up the planned keys' rows, then rewrites each affected partition with their rebuilt history.</summary>
    Task<AppliedCleanup> RewriteHistoriesAsync(AuditScope scope, CleanupTicket ticket, RebuildPlan plan, CancellationToken cancellationToken);

    /// <summary>Every tenant with rows in the table, sorted.</summary>
    Task<IReadOnlyList<string>> TenantsAsync(Identifier table, Identifier tenantColumn, CancellationToken cancellationToken);

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

    /// <summary>Row count and a sum of row hashes over every column: equal checksums, equal tables (as multisets).</summary>
    Task<TableChecksum> ChecksumAsync(Identifier table, CancellationToken cancellationToken);
}
