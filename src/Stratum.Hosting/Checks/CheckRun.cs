using Stratum.Monitoring;
using Stratum.Objects;
using Stratum.Telemetry;

namespace Stratum.Hosting.Checks;

/// <summary>The outcome of <c>stratum check</c> (its <c>--json</c> form), also shown by the dashboard.</summary>
public sealed record CheckRun(DateTimeOffset CheckedAt, int Streams, bool Passed, IReadOnlyList<CheckRun.Item> Results)
{
    /// <summary>The stream name of the one check over the whole landing root (<see cref="HealthChecks.Unloadable"/>).</summary>
    public const string LandingStream = "landing";

    /// <summary>Everything landed that will never be loaded, with the reason (the <c>unloadable</c> check names the first ones).</summary>
    public IReadOnlyList<UnloadableObject> Unloadable { get; init; } = [];

    public IEnumerable<Item> Failed => Results.Where(r => !r.Passed);

    /// <summary>One verdict; <see cref="Value"/> is seconds, rows, files or a ratio.</summary>
    public sealed record Item(string Stream, string Tenant, string Table, string Check, bool Passed, string Measured, string Threshold, double? Value);

    /// <param name="report">what was measured</param>
    /// <param name="thresholdsFor">the thresholds of a table</param>
    /// <param name="landing">The thresholds of the whole landing root (<c>check.max_unloadable</c>); the defaults when null.</param>
    public static CheckRun From(HealthReport report, Func<string, CheckThresholds> thresholdsFor, CheckThresholds? landing = null)
    {
        var items = new List<Item>();
        foreach (var h in report.Streams)
        {
            var results = HealthChecks.Evaluate(h, thresholdsFor(h.Stream.Table.Value), report.MeasuredAt);
            CheckMetrics.Record(h, results);
            items.AddRange(results.Select(r => new Item(r.Stream.Key, r.Stream.Tenant.Value, r.Stream.Table.Value, r.Check, r.Passed, r.Measured, r.Threshold, r.Value)));
        }
        var unloadable = report.Unloadable;
        var verdict = HealthChecks.EvaluateUnloadable(unloadable, landing ?? CheckThresholds.Default);
        StratumTelemetry.Unloadable.Update(unloadable);
        items.Add(new Item(LandingStream, "", "", HealthChecks.Unloadable, verdict.Passed, verdict.Measured, verdict.Threshold, verdict.Value));
        return new CheckRun(report.MeasuredAt, report.Streams.Count, items.All(i => i.Passed), items) { Unloadable = unloadable };
    }
}
