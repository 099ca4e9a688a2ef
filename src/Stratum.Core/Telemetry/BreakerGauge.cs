using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Telemetry;

/// <summary>
/// The observable gauge <c>stratum.breaker.open</c> (tags <c>tenant</c>, <c>table</c>): 1 while a
/// stream's circuit breaker is open or half-open, 0 when closed, as this process last read or wrote
/// it (every pass reads each stream's breaker before loading it, every probe after). A back-off
/// that ended still reads 1 (half-open) until a trial load closes the breaker.
/// </summary>
public sealed class BreakerGauge
{
    private readonly ConcurrentDictionary<StreamId, BreakerState> _states = new();

    internal BreakerGauge(Meter meter)
        => meter.CreateObservableGauge("stratum.breaker.open", Observe, "1",
            "1 while the stream's circuit breaker is open or half-open (passes skip it but for one trial load), 0 when closed.");

    public void Update(BreakerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _states[state.Stream] = state;
    }

    /// <summary>The state last seen of a stream, or null.</summary>
    public BreakerState? Get(StreamId stream) => _states.TryGetValue(stream, out var s) ? s : null;

    private IEnumerable<Measurement<int>> Observe()
        => _states.Select(e => new Measurement<int>(e.Value.IsOpen ? 1 : 0, StratumTelemetry.Tags(e.Key)));
}
