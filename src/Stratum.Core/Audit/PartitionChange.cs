namespace Stratum.Audit;

/// <summary>
/// What a cleanup changes in one partition (ClickHouse: a partition id of the table's own key, with
/// its value as <see cref="Label"/>; DuckDB: a tenant): rows in it before, rows removed (or rewritten
/// away) and rows written. Partitions with nothing to change never appear and are never touched.
/// </summary>
public sealed record PartitionChange(string PartitionId, string Label, long Rows, long RowsRemoved, long RowsWritten);
