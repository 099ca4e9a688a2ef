using Stratum.Names;

namespace Stratum.Monitoring;

/// <summary>
/// One check of one stream: its name (<see cref="HealthChecks"/> lists them), whether it passed,
/// the value measured and the threshold, both as people read them, and the value as a number
/// (seconds, rows, files or a ratio) for machines.
/// </summary>
public sealed record CheckResult(StreamId Stream, string Check, bool Passed, string Measured, string Threshold, double? Value);
