using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Stratum.Telemetry;

namespace Stratum.Cli.Tests.Ops;

/// <summary>An in-memory exporter for tests: every measurement of the Stratum meter, filtered by tenant (tests run in parallel).</summary>
public sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, string> Tags)> _all = new();

    public MetricCapture()
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == StratumTelemetry.Name)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        _listener.Start();
    }

    public double Sum(string name, string tenant) => Of(name, tenant).Sum(m => m.Value);

    public int Count(string name, string tenant) => Of(name, tenant).Count();

    /// <summary>Observes the observable gauges now and returns the last value for the tenant.</summary>
    public double? Observe(string name, string tenant)
    {
        _listener.RecordObservableInstruments();
        return Of(name, tenant).Select(m => (double?)m.Value).LastOrDefault();
    }

    public IEnumerable<Dictionary<string, string>> TagsOf(string name, string tenant) => Of(name, tenant).Select(m => m.Tags);

    private IEnumerable<(string Name, double Value, Dictionary<string, string> Tags)> Of(string name, string tenant)
        => _all.Where(m => m.Name == name && m.Tags.GetValueOrDefault(StratumTelemetry.TenantTag) == tenant);

    private void Add(Instrument i, double v, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var d = new Dictionary<string, string>();
        foreach (var t in tags)
        {
            d[t.Key] = t.Value?.ToString() ?? "";
        }
        _all.Enqueue((i.Name, v, d));
    }

    public void Dispose() => _listener.Dispose();
}
