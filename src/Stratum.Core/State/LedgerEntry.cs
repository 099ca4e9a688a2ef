namespace Stratum.State;

/// <summary>
/// The permanent record of one file of a stream, keyed by the file's identity.
/// <see cref="NewestEventTime"/> is the newest event time in the file (for freshness).
/// </summary>
public sealed record LedgerEntry(
    string Identity,
    string Key,
    FileStatus Status,
    long Rows,
    string LoadId,
    DateTimeOffset RecordedAt,
    string? Reason = null,
    DateTimeOffset? NewestEventTime = null);
