using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Stratum.Hosting.Serve.Metrics;

/// <summary>
/// Stratum's own Prometheus exposition (text format 0.0.4) over a <see cref="MeterListener"/>:
/// listens to one meter, keeps counters, gauges and histograms per label set, and observes the
/// observable instruments at each scrape. (OpenTelemetry's Prometheus exporter exists only as a
/// prerelease package, so the host does not depend on it; docs/operations.md.)
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricFamily> _families = new();

    public PrometheusExporter(string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                _families.TryAdd(instrument, new MetricFamily(instrument));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments, then writes every family.</summary>
    public string Scrape()
    {
        lock (_listener)
        {
            _listener.RecordObservableInstruments();
        }
        var sb = new StringBuilder();
        foreach (var f in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var series = f.Series.ToList();
            if (series.Count == 0)
            {
                continue;
            }
            sb.Append("# HELP ").Append(f.Name).Append(' ').Append(EscapeHelp(f.Help)).Append('\n');
            sb.Append("# TYPE ").Append(f.Name).Append(' ').Append(f.Type).Append('\n');
            foreach (var s in series)
            {
                if (f.Type == "histogram")
                {
                    var (cumulative, sum, count) = s.Snapshot();
                    for (var i = 0; i < cumulative.Length; i++)
                    {
                        var le = i < f.Buckets.Count ? Number(f.Buckets[i]) : "+Inf";
                        Line(sb, f.Name + "_bucket", s.Labels, cumulative[i], ("le", le));
                    }
                    Line(sb, f.Name + "_sum", s.Labels, sum);
                    Line(sb, f.Name + "_count", s.Labels, count);
                }
                else
                {
                    Line(sb, f.Name, s.Labels, s.Value);
                }
            }
        }
        return sb.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_families.TryGetValue(instrument, out var family))
        {
            family.Record(value, tags);
        }
    }

    private static void Line(StringBuilder sb, string name, IReadOnlyList<KeyValuePair<string, string>> labels, double value, (string Key, string Value)? extra = null)
    {
        sb.Append(name);
        if (labels.Count > 0 || extra is not null)
        {
            sb.Append('{');
            var first = true;
            foreach (var (k, v) in labels.Select(l => (l.Key, l.Value)).Concat(extra is { } e ? [e] : []))
            {
                sb.Append(first ? "" : ",").Append(k).Append("=\"").Append(EscapeLabel(v)).Append('"');
                first = false;
            }
            sb.Append('}');
        }
        sb.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double v) => double.IsPositiveInfinity(v) ? "+Inf"
        : double.IsNegativeInfinity(v) ? "-Inf"
        : double.IsNaN(v) ? "NaN"
        : v.ToString("R", CultureInfo.InvariantCulture);

    private static string EscapeLabel(string v) => v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string v) => v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
