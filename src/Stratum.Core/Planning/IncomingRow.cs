namespace Stratum.Planning;

/// <summary>
/// One row read from a data file: a version of a key at an event time, or a tombstone (a delete
/// of the key at that time). <see cref="Hash"/> is the version hash of the tracked columns
/// (empty for tombstones). <see cref="TimeInFile"/> is the event time as the file has it when the
/// warehouse's resolution truncated it (10:00:00.7 read as 10:00:00 on a warehouse that keeps
/// seconds); null when nothing was cut. It only explains ties (<see cref="TieConflict.Coarse"/>).
/// </summary>
public sealed record IncomingRow(
    RowKey Key,
    DateTime EventTime,
    string Hash,
    bool IsTombstone,
    object?[] Values,
    string SourceFile,
    DateTime? TimeInFile = null);
