namespace Stratum.Planning;

/// <summary>
/// One row read from a data file: a version of a key at an event time, or a tombstone (a delete
/// of the key at that time). <see cref="Hash"/> is the version hash of the tracked columns
/// (empty for tombstones).
/// </summary>
public sealed record IncomingRow(
    RowKey Key,
    DateTime EventTime,
    string Hash,
    bool IsTombstone,
    object?[] Values,
    string SourceFile);
