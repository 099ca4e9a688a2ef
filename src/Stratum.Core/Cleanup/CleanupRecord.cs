using Stratum.Audit;
using Stratum.Names;

namespace Stratum.Cleanup;

/// <summary>
/// A cleanup as its log remembers it: table, kind, time, the partitions it rewrote (only those are
/// restored), whether it was restored already, and the table's checksum before it.
/// </summary>
public sealed record CleanupRecord(
    string Id, Identifier Table, CleanupKind Kind, DateTime At, IReadOnlyList<string> Partitions,
    bool Completed, bool Restored, TableChecksum? Before, long RowsRemoved, long RowsWritten);
