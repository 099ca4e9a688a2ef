using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Stratum.Hosting.Serve.Metrics;

/// <summary>
/// An instrument as a Prometheus metric family: its exposition name (OpenTelemetry's rules: dots
/// to underscores, a unit suffix such as <c>_seconds</c>, <c>_total</c> for counters), its type and
/// its series by label set.
/// </summary>
internal sealed class MetricFamily
{
    /// <summary>OpenTelemetry's default histogram boundaries, for histograms without advice.</summary>
    private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);

    public MetricFamily(Instrument instrument)
    {
        var kind = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
        Type = kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>) ? "counter"
            : kind == typeof(Histogram<>) ? "histogram"
            : "gauge";
        Cumulative = kind == typeof(ObservableCounter<>) || kind == typeof(ObservableUpDownCounter<>);
        Adds = kind == typeof(Counter<>) || kind == typeof(UpDownCounter<>);
        Buckets = instrument is Histogram<double> h && h.Advice?.HistogramBucketBoundaries is { } b ? [.. b] : DefaultBuckets;
        Help = instrument.Description ?? instrument.Name;
        Name = ExpositionName(instrument.Name, instrument.Unit, Type);
    }

    public string Name { get; }
    public string Type { get; }
    public string Help { get; }
    public IReadOnlyList<double> Buckets { get; }

    /// <summary>Measurements are running totals already (observable counters).</summary>
    public bool Cumulative { get; }

    /// <summary>Measurements are increments (counters, up-down counters).</summary>
    public bool Adds { get; }

    public IEnumerable<MetricSeries> Series => _series.Values.OrderBy(s => Key(s.Labels), StringComparer.Ordinal);

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<KeyValuePair<string, string>>(tags.Length);
        foreach (var t in tags)
        {
            labels.Add(new(LabelName(t.Key), Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        }
        labels.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var series = _series.GetOrAdd(Key(labels), _ => new MetricSeries(labels, Buckets.Count));
        if (Type == "histogram")
        {
            series.Observe(value, Buckets);
        }
        else if (Adds && !Cumulative)
        {
            series.Add(value);
        }
        else
        {
            series.Set(value);
        }
    }

    public static string ExpositionName(string name, string? unit, string type)
    {
        var n = LabelName(name);
        var suffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => "",
        };
        if (suffix.Length > 0 && !n.EndsWith(suffix, StringComparison.Ordinal))
        {
            n += suffix;
        }
        return type == "counter" && !n.EndsWith("_total", StringComparison.Ordinal) ? n + "_total" : n;
    }

    public static string LabelName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }
        return sb.ToString();
    }

    private static string Key(IEnumerable<KeyValuePair<string, string>> labels)
        => string.Join('\u001f', labels.Select(l => l.Key + "=" + l.Value));
}
