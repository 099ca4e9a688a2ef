using System.Diagnostics;
using System.Diagnostics.Metrics;
using Stratum.Names;

namespace Stratum.Telemetry;

/// <summary>
/// Stratum's one <see cref="Meter"/> and one <see cref="ActivitySource"/>, both named "Stratum",
/// and every instrument, with fixed OpenTelemetry-style names and units. Tenant and table are
/// tags, never part of a name. Only System.Diagnostics here: exporters live in the host
/// (docs/operations.md lists each metric).
/// </summary>
public static class StratumTelemetry
{
    public const string Name = "Stratum";

    public const string TenantTag = "tenant";
    public const string TableTag = "table";
    public const string OutcomeTag = "outcome";
    public const string CheckTag = "check";
    public const string FromTag = "from";
    public const string ToTag = "to";

    /// <summary>Histogram boundaries for durations in seconds: 5 ms to 10 min.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> FilesCommitted = Meter.CreateCounter<long>(
        "stratum.files.committed", "{file}", "Files whose rows were published and recorded in the ledger.");

    public static readonly Counter<long> FilesQuarantined = Meter.CreateCounter<long>(
        "stratum.files.quarantined", "{file}", "Files refused with a reason (bad data, wrong schema); never retried by themselves.");

    public static readonly Counter<long> FilesAlreadyLoaded = Meter.CreateCounter<long>(
        "stratum.files.already_loaded", "{file}", "Files listed again that the ledger already holds (idempotency hits per file).");

    public static readonly Counter<long> LeaseSkips = Meter.CreateCounter<long>(
        "stratum.lease.skips", "{load}", "Loads skipped because another worker held the stream's lease (idempotency hits per stream).");

    public static readonly Counter<long> Loads = Meter.CreateCounter<long>(
        "stratum.loads", "{load}", "Loads of a stream that ran, by outcome (loaded, nothing-pending, failed, lost-lease, stopped).");

    public static readonly Counter<long> BreakerTransitions = Meter.CreateCounter<long>(
        "stratum.breaker.transitions", "{transition}",
        "Changes of a stream's circuit breaker, by from and to (closed, open, half-open): opened after failed loads, a trial claimed, closed, re-opened.");

    public static readonly Counter<long> BreakerSkips = Meter.CreateCounter<long>(
        "stratum.breaker.skips", "{load}", "Loads a pass skipped because the stream's circuit breaker was open (or another worker's trial was running).");

    public static readonly Counter<long> RowsInserted = Meter.CreateCounter<long>(
        "stratum.rows.inserted", "{row}", "Versions written as new rows by committed batches.");

    public static readonly Counter<long> RowsClosed = Meter.CreateCounter<long>(
        "stratum.rows.closed", "{row}", "Current rows closed (given an expiration date) by committed batches.");

    public static readonly Counter<long> RowsUnchanged = Meter.CreateCounter<long>(
        "stratum.rows.unchanged", "{row}", "Incoming rows already present in history (re-delivered or equal to the previous version).");

    public static readonly Counter<long> RowsDeleted = Meter.CreateCounter<long>(
        "stratum.rows.deleted", "{row}", "Deletes (tombstones or keys missing from a snapshot) that closed a current version.");

    public static readonly Counter<long> TieConflicts = Meter.CreateCounter<long>(
        "stratum.tie_conflicts", "{version}",
        "Versions dropped by the tie rule (two versions of a key at one event time); coarse=true when equal only at the warehouse's resolution.");

    public static readonly Histogram<double> LoadDuration = Meter.CreateHistogram(
        "stratum.load.duration", "s", "Wall time of one load of one stream, lease to release.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly Histogram<double> PublishDuration = Meter.CreateHistogram(
        "stratum.publish.duration", "s", "Wall time of one atomic publish of a batch to the warehouse.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly Gauge<long> CheckDuplicates = Meter.CreateGauge<long>(
        "stratum.check.duplicates", "{row}", "Exact duplicate rows (extra copies) found by the last check.");

    public static readonly Gauge<long> CheckViolations = Meter.CreateGauge<long>(
        "stratum.check.violations", "{violation}", "SCD history violations found by the last check.");

    public static readonly Gauge<int> CheckPassed = Meter.CreateGauge<int>(
        "stratum.check.passed", "1", "1 when the last check passed, 0 when it failed; tag check names it.");

    /// <summary>The per-stream gauges (lag, pending, quarantined, oldest pending), observed when collected.</summary>
    public static StreamGauges Streams { get; } = new(Meter);

    /// <summary>Whether each stream's circuit breaker is open (<c>stratum.breaker.open</c>), as last read or written.</summary>
    public static BreakerGauge Breakers { get; } = new(Meter);

    /// <summary>What landed and will never be loaded, by tenant and reason (docs/operations.md).</summary>
    public static UnloadableGauge Unloadable { get; } = new(Meter);

    public static TagList Tags(StreamId stream) => new()
    {
        { TenantTag, stream.Tenant.Value },
        { TableTag, stream.Table.Value },
    };

    /// <summary>The tags with one more.</summary>
    public static TagList With(TagList tags, string name, string value)
    {
        var copy = tags;
        copy.Add(name, value);
        return copy;
    }

    /// <summary>Starts a span for one stream, or returns null when nobody listens.</summary>
    public static Activity? Start(string name, StreamId stream)
        => ActivitySource.StartActivity(name, ActivityKind.Internal, default(ActivityContext),
            [new(TenantTag, stream.Tenant.Value), new(TableTag, stream.Table.Value)]);
}
