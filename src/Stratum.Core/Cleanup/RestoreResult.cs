using Stratum.Audit;
using Stratum.Names;

namespace Stratum.Cleanup;

/// <summary>
/// A restore: the partitions put back, rows returned and rows taken out, and whether the table's
/// checksum now equals the one taken just before the cleanup (it does unless the table changed since).
/// </summary>
public sealed record RestoreResult(
    string CleanupId, Identifier Table, CleanupKind Kind, IReadOnlyList<PartitionChange> Partitions, long RowsPutBack, long RowsTakenOut,
    TableChecksum? ChecksumBeforeCleanup, TableChecksum ChecksumNow)
{
    public bool IdenticalToBeforeCleanup => ChecksumBeforeCleanup == ChecksumNow;
}
