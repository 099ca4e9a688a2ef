using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Stratum.Names;

namespace Stratum.Telemetry;

/// <summary>
/// What is known of each stream's state, for the observable gauges <c>stratum.stream.*</c>. Loads
/// and status probes update it; the lag and the age of the oldest pending file are computed when
/// the gauges are read, with the <see cref="TimeProvider"/> that reported the values, so they grow
/// between loads as they do in reality.
/// </summary>
public sealed class StreamGauges
{
    private readonly ConcurrentDictionary<StreamId, (StreamGaugeValues Values, TimeProvider Clock)> _streams = new();

    internal StreamGauges(Meter meter)
    {
        meter.CreateObservableGauge("stratum.stream.lag", ObserveLag, "s",
            "Freshness: now minus the newest event time committed for the stream.");
        meter.CreateObservableGauge("stratum.stream.pending_files", () => Observe(v => v.PendingFiles), "{file}",
            "Files landed under the stream's prefix and not yet in the ledger.");
        meter.CreateObservableGauge("stratum.stream.quarantined_files", () => Observe(v => v.QuarantinedFiles), "{file}",
            "Files of the stream in quarantine.");
        meter.CreateObservableGauge("stratum.stream.pending_age", ObservePendingAge, "s",
            "Load latency: how long the oldest pending file has waited since it landed (0 when none).");
    }

    public void Update(StreamId stream, StreamGaugeValues values, TimeProvider clock) => _streams[stream] = (values, clock);

    public StreamGaugeValues? Get(StreamId stream) => _streams.TryGetValue(stream, out var e) ? e.Values : null;

    private IEnumerable<Measurement<long>> Observe(Func<StreamGaugeValues, long> value)
        => _streams.Select(e => new Measurement<long>(value(e.Value.Values), StratumTelemetry.Tags(e.Key)));

    private IEnumerable<Measurement<double>> ObserveLag()
    {
        foreach (var (stream, (values, clock)) in _streams)
        {
            if (values.NewestData is { } newest)
            {
                yield return new Measurement<double>(Math.Max(0, (clock.GetUtcNow() - newest).TotalSeconds), StratumTelemetry.Tags(stream));
            }
        }
    }

    private IEnumerable<Measurement<double>> ObservePendingAge()
    {
        foreach (var (stream, (values, clock)) in _streams)
        {
            var age = values.OldestPending is { } landed ? Math.Max(0, (clock.GetUtcNow() - landed).TotalSeconds) : 0;
            yield return new Measurement<double>(age, StratumTelemetry.Tags(stream));
        }
    }
}
