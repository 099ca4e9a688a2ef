using System.Diagnostics;
using Stratum.Telemetry;

namespace Stratum.Monitoring;

/// <summary>Records check verdicts on the gauges <c>stratum.check.duplicates</c>, <c>.violations</c> and <c>.passed</c>.</summary>
public static class CheckMetrics
{
    public static void Record(StreamHealth health, IEnumerable<CheckResult> results)
    {
        var tags = StratumTelemetry.Tags(health.Stream);
        if (health.Problems is { } p)
        {
            StratumTelemetry.CheckDuplicates.Record(p.ExactDuplicateRows, tags);
            StratumTelemetry.CheckViolations.Record(p.Violations, tags);
        }
        foreach (var r in results)
        {
            var withCheck = new TagList { { StratumTelemetry.TenantTag, r.Stream.Tenant.Value }, { StratumTelemetry.TableTag, r.Stream.Table.Value }, { StratumTelemetry.CheckTag, r.Check } };
            StratumTelemetry.CheckPassed.Record(r.Passed ? 1 : 0, withCheck);
        }
    }
}
