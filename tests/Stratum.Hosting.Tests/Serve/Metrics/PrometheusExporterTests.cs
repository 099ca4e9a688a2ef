using System.Diagnostics;
using System.Diagnostics.Metrics;
using Stratum.Hosting.Serve.Metrics;

namespace Stratum.Hosting.Tests.Serve.Metrics;

public class PrometheusExporterTests
{
    [Fact]
    public void Writes_counters_gauges_and_histograms_in_the_text_format()
    {
        var name = "Test.Prometheus." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(name);
        using var exporter = new PrometheusExporter(name);
        var files = meter.CreateCounter<long>("stratum.files.committed", "{file}", "Files committed.");
        var duration = meter.CreateHistogram("stratum.load.duration", "s", "Load time.", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        var lag = 42.5;
        meter.CreateObservableGauge("stratum.stream.lag", () => new Measurement<double>(lag, new KeyValuePair<string, object?>("tenant", "a\"b")), "s", "Lag.");

        files.Add(2, new TagList { { "tenant", "acme" }, { "table", "t" } });
        files.Add(3, new TagList { { "table", "t" }, { "tenant", "acme" } });
        duration.Record(0.05);
        duration.Record(0.5);
        duration.Record(7);

        var text = exporter.Scrape();
        Assert.Contains("""
            # HELP stratum_files_committed_total Files committed.
            # TYPE stratum_files_committed_total counter
            stratum_files_committed_total{table="t",tenant="acme"} 5
            """.ReplaceLineEndings("\n"), text, StringComparison.Ordinal);
        Assert.Contains("""
            # TYPE stratum_load_duration_seconds histogram
            stratum_load_duration_seconds_bucket{le="0.1"} 1
            stratum_load_duration_seconds_bucket{le="1"} 2
            stratum_load_duration_seconds_bucket{le="+Inf"} 3
            stratum_load_duration_seconds_sum 7.55
            stratum_load_duration_seconds_count 3
            """.ReplaceLineEndings("\n"), text, StringComparison.Ordinal);
        Assert.Contains("# TYPE stratum_stream_lag_seconds gauge\nstratum_stream_lag_seconds{tenant=\"a\\\"b\"} 42.5\n", text, StringComparison.Ordinal);

        lag = 50;
        Assert.Contains("stratum_stream_lag_seconds{tenant=\"a\\\"b\"} 50\n", exporter.Scrape(), StringComparison.Ordinal);
    }
}
