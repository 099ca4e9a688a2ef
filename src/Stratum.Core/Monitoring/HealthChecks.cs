using System.Globalization;
using Stratum.Objects;

namespace Stratum.Monitoring;

/// <summary>
/// Evaluates a stream's measurements against its thresholds. Pure: the same inputs and
/// <c>now</c> give the same verdicts. A stream with no files at all passes freshness and latency
/// (there is nothing to be late with); a stream with files that were never loaded does not.
/// </summary>
public static class HealthChecks
{
    public const string Freshness = "freshness";
    public const string Duplicates = "duplicates";
    public const string Violations = "violations";
    public const string SuccessRate = "success_rate";
    public const string Quarantined = "quarantined";
    public const string Latency = "latency";
    public const string TieConflicts = "tie_conflicts";
    public const string Unloadable = "unloadable";
    public const string Breaker = "breaker";

    /// <summary>Names shown in a failing verdict of <see cref="Unloadable"/>; the rest are counted.</summary>
    public const int UnloadableNamed = 20;

    /// <summary>
    /// The landing root's verdict: at most <see cref="CheckThresholds.MaxUnloadable"/> files and
    /// folders that will never be loaded, the first <see cref="UnloadableNamed"/> named with their reasons.
    /// </summary>
    public static LandingVerdict EvaluateUnloadable(IReadOnlyList<UnloadableObject> unloadable, CheckThresholds t)
    {
        var measured = unloadable.Count == 0 ? "nothing unloadable"
            : $"{N(unloadable.Count)} never loaded: " + string.Join("; ", unloadable.Take(UnloadableNamed).Select(u => u.Text))
                + (unloadable.Count > UnloadableNamed ? $"; and {N(unloadable.Count - UnloadableNamed)} more" : "");
        return new LandingVerdict(unloadable.Count <= t.MaxUnloadable, measured, $"<= {N(t.MaxUnloadable)}", unloadable.Count);
    }

    public static IReadOnlyList<CheckResult> Evaluate(StreamHealth h, CheckThresholds t, DateTimeOffset now)
    {
        var results = new List<CheckResult>(8) { FreshnessOf(h, t, now) };
        if (h.Problems is { } p)
        {
            results.Add(new(h.Stream, Duplicates, p.ExactDuplicateRows <= t.MaxDuplicates, $"{N(p.ExactDuplicateRows)} rows", $"<= {N(t.MaxDuplicates)}", p.ExactDuplicateRows));
            results.Add(new(h.Stream, Violations, p.Violations <= t.MaxViolations, $"{N(p.Violations)}", $"<= {N(t.MaxViolations)}", p.Violations));
        }
        var window = FormatDuration(t.SuccessWindow);
        results.Add(h.SuccessRate is { } rate
            ? new(h.Stream, SuccessRate, rate >= t.MinSuccessRate, $"{Percent(rate)} of {N(h.Loads)} loads", $">= {Percent(t.MinSuccessRate)} over {window}", rate)
            : new(h.Stream, SuccessRate, true, $"no loads in {window}", $">= {Percent(t.MinSuccessRate)} over {window}", null));
        results.Add(new(h.Stream, Quarantined, h.FilesQuarantined <= t.MaxQuarantined, Files(h.FilesQuarantined), $"<= {N(t.MaxQuarantined)}", h.FilesQuarantined));
        results.Add(new(h.Stream, TieConflicts, h.TieConflicts <= t.MaxTieConflicts,
            h.TieConflicts == 0 ? $"none in {window}"
                : $"{N(h.TieConflicts)} versions dropped in {window}{(h.CoarseTieConflicts > 0 ? $", {N(h.CoarseTieConflicts)} only at the warehouse's resolution" : "")}; `stratum conflicts list` shows them",
            $"<= {N(t.MaxTieConflicts)} over {window}", h.TieConflicts));
        var age = h.PendingAge(now);
        results.Add(new(h.Stream, Latency, age <= t.MaxLatency,
            h.FilesPending == 0 ? "nothing pending" : $"oldest of {N(h.FilesPending)} pending waited {FormatDuration(age)}",
            $"<= {FormatDuration(t.MaxLatency)}", age.TotalSeconds));
        results.Add(BreakerOf(h, now));
        return results;
    }

    /// <summary>
    /// Passes while the stream's circuit breaker is closed (or was not read); an open or half-open
    /// breaker fails, saying until when, after how many failed loads and the last error. The value
    /// is the failed loads in a row.
    /// </summary>
    private static CheckResult BreakerOf(StreamHealth h, DateTimeOffset now)
    {
        if (h.Breaker is not { IsOpen: true } b)
        {
            return new(h.Stream, Breaker, true, h.Breaker is { } c ? Breaking.BreakerMachine.Describe(c, now) : "closed", "closed", h.Breaker?.ConsecutiveFailures ?? 0);
        }
        var since = b.OpenedAt is { } o ? $", open since {Breaking.BreakerMachine.Time(o)}" : "";
        var last = b.LastError is { } e ? $"; last error: {e}" : "";
        return new(h.Stream, Breaker, false, $"{Breaking.BreakerMachine.Describe(b, now)}{since}{last}; `stratum resume {h.Stream}` closes it",
            "closed", b.ConsecutiveFailures);
    }

    private static CheckResult FreshnessOf(StreamHealth h, CheckThresholds t, DateTimeOffset now)
    {
        var threshold = $"<= {FormatDuration(t.MaxLag)}";
        if (h.Lag(now) is { } lag)
        {
            return new(h.Stream, Freshness, lag <= t.MaxLag, $"{FormatDuration(lag)} behind", threshold, lag.TotalSeconds);
        }
        return h.FilesPending == 0
            ? new(h.Stream, Freshness, true, "no data landed", threshold, null)
            : new(h.Stream, Freshness, false, $"never loaded; {Files(h.FilesPending)} pending", threshold, null);
    }

    /// <summary>Durations as people read them: 45s, 12m, 3.5h, 24h, 2.5d.</summary>
    public static string FormatDuration(TimeSpan t) => t.TotalDays >= 2 ? $"{Fmt(t.TotalDays)}d"
        : t.TotalHours >= 1 ? $"{Fmt(t.TotalHours)}h"
        : t.TotalMinutes >= 1 ? $"{Fmt(t.TotalMinutes)}m"
        : $"{Fmt(t.TotalSeconds)}s";

    private static string Fmt(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Percent(double r) => (r * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Files(long n) => n == 1 ? "1 file" : $"{N(n)} files";

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
