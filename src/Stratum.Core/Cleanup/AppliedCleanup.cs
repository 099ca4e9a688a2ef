using Stratum.Audit;
using Stratum.Names;

namespace Stratum.Cleanup;

/// <summary>What a cleanup (or a restore) did: rows taken out, rows put in, per partition, and where the backup is.</summary>
public sealed record AppliedCleanup(long RowsRemoved, long RowsWritten, IReadOnlyList<PartitionChange> Partitions, Identifier BackupTable);
