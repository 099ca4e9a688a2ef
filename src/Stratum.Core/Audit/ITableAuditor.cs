using Stratum.Names;

namespace Stratum.Audit;

/// <summary>
/// The audit port, read only: every count is pushed down to the warehouse as SQL (GROUP BY, no
/// window functions on ClickHouse 18.16, nothing capped). What rewrites a table is the separate
/// <see cref="Cleanup.ITableRewriter"/> (cleanup depends on audit, never the reverse). Implemented by
/// Stratum.DuckDb and Stratum.ClickHouse; docs/audit-and-repair.md.
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

    /// <summary>Every tenant with rows in the table, sorted.</summary>
    Task<IReadOnlyList<string>> TenantsAsync(Identifier table, Identifier tenantColumn, CancellationToken cancellationToken);

    /// <summary>Row count and a sum of row hashes over every column: equal checksums, equal tables (as multisets).</summary>
    Task<TableChecksum> ChecksumAsync(Identifier table, CancellationToken cancellationToken);
}
