namespace Stratum.Telemetry;

/// <summary>
/// A stream's state as last seen: the newest committed event time (null before any data), files
/// pending and quarantined, and when the oldest pending file landed (null when none is pending).
/// </summary>
public sealed record StreamGaugeValues(DateTimeOffset? NewestData, long PendingFiles, long QuarantinedFiles, DateTimeOffset? OldestPending);
