using Stratum.Monitoring;

namespace Stratum.Cli.Ops;

/// <summary>The outcome of <c>stratum check</c> (its <c>--json</c> form), also shown by the dashboard.</summary>
public sealed record CheckRun(DateTimeOffset CheckedAt, int Streams, bool Passed, IReadOnlyList<CheckRun.Item> Results)
{
    public IEnumerable<Item> Failed => Results.Where(r => !r.Passed);

    /// <summary>One verdict; <see cref="Value"/> is seconds, rows, files or a ratio.</summary>
    public sealed record Item(string Stream, string Tenant, string Table, string Check, bool Passed, string Measured, string Threshold, double? Value);

    public static CheckRun From(HealthReport report, Func<string, CheckThresholds> thresholdsFor)
    {
        var items = new List<Item>();
        foreach (var h in report.Streams)
        {
            var results = HealthChecks.Evaluate(h, thresholdsFor(h.Stream.Table.Value), report.MeasuredAt);
            CheckMetrics.Record(h, results);
            items.AddRange(results.Select(r => new Item(r.Stream.Key, r.Stream.Tenant.Value, r.Stream.Table.Value, r.Check, r.Passed, r.Measured, r.Threshold, r.Value)));
        }
        return new CheckRun(report.MeasuredAt, report.Streams.Count, items.All(i => i.Passed), items);
    }
}
