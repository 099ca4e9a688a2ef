using Stratum.Breaking;
using Stratum.Hosting.Checks;
using Stratum.Monitoring;
using Stratum.State;

namespace Stratum.Hosting.Serve;

/// <summary>
/// Builds <see cref="DashboardStatus"/> from the last probe, re-evaluating the checks at the time
/// of the request, so freshness keeps ageing between cycles as it does in reality.
/// </summary>
public static class DashboardBuilder
{
    public const int RecentLoads = 30;
    public const int FilesShown = 100;

    public static DashboardStatus Build(StatusBoard board, ServeSettings settings, string instance, DateTimeOffset now)
    {
        var report = board.Report;
        var streams = new List<DashboardStatus.StreamView>();
        CheckRun? check = null;
        if (report is not null)
        {
            var live = report with { MeasuredAt = now };
            check = CheckRun.From(live, settings.Checks.ThresholdsFor, settings.Checks.Defaults);
            var failing = check.Failed.ToLookup(f => f.Stream);
            foreach (var h in report.Streams)
            {
                var t = settings.Checks.ThresholdsFor(h.Stream.Table.Value);
                var lag = h.Lag(now);
                var fails = failing[h.Stream.Key].Select(f => $"{f.Check}: {f.Measured} (threshold {f.Threshold})").ToList();
                var status = fails.Count > 0 ? "red"
                    : (lag is { } l && l > t.MaxLag * 0.75) || h.FilesPending > 0 ? "amber"
                    : "green";
                streams.Add(new(h.Stream.Key, h.Stream.Tenant.Value, h.Stream.Table.Value, status, lag?.TotalSeconds, t.MaxLag.TotalSeconds, h.NewestData,
                    h.FilesCommitted, h.FilesPending, h.FilesQuarantined, h.RowsCommitted, h.LastLoad, h.LastOutcome,
                    h.SuccessRate, h.IdempotencyHitRate, h.Problems?.ExactDuplicateRows, h.Problems?.Violations, fails, h.TieConflicts,
                    BreakerTransition.Text(h.Breaker?.PhaseAt(now) ?? BreakerPhase.Closed), h.Breaker?.OpenUntil));
            }
        }
        var runs = report?.Runs ?? [];
        return new DashboardStatus(now, instance, settings.Schedule.Describe, board.NextRun, board.LastCycle, board.LastError, report?.MeasuredAt,
            (int)settings.Refresh.TotalSeconds, streams, Loads(runs), Hours(runs, now),
            [.. (report?.Streams ?? []).SelectMany(h => h.Pending.Select(f => new DashboardStatus.FileView(h.Stream.Key, f.Key, f.LastModified, null)))
                .OrderBy(f => f.At).Take(FilesShown)],
            [.. (report?.Streams ?? []).SelectMany(h => h.Quarantined.Select(e => new DashboardStatus.FileView(h.Stream.Key, e.Key, e.RecordedAt, e.Reason)))
                .OrderByDescending(f => f.At).Take(FilesShown)],
            check)
        {
            Unloadable = [.. (report?.Unloadable ?? []).Take(FilesShown).Select(u => new DashboardStatus.UnloadableView(u.Key, u.Tenant, u.ReasonCode, u.Detail))],
            UnloadableCount = report?.Unloadable.Count ?? 0,
            Breakers = [.. (report?.Streams ?? []).Select(h => h.Breaker).OfType<BreakerState>().Where(b => b.IsOpen)
                .Select(b => new DashboardStatus.BreakerView(b.Stream.Key, BreakerTransition.Text(b.PhaseAt(now)), BreakerMachine.Describe(b, now),
                    b.OpenUntil, b.OpenedAt, b.ConsecutiveFailures, b.LastError, b.TrialRunning(now) ? b.TrialOwner : null))],
        };
    }

    /// <summary>Loads that did something or went wrong, newest first (no-op runs, lease and breaker skips left out: the breakers have their own table).</summary>
    private static List<DashboardStatus.LoadView> Loads(IReadOnlyList<RunRecord> runs)
        => [.. runs.Where(r => r.Outcome != LoadOutcome.NothingPending && !r.Outcome.IsSkip())
            .OrderByDescending(r => r.Finished).Take(RecentLoads)
            .Select(r => new DashboardStatus.LoadView(r.Stream.Key, r.Finished, r.Outcome, r.FilesCommitted, r.FilesQuarantined, r.FilesAlreadyLoaded,
                r.RowsRead, r.Counts.Inserted, r.Counts.Closed, r.Counts.Unchanged, r.Counts.Deleted, (r.Finished - r.Started).TotalSeconds, r.Owner, r.Error, r.TieConflicts))];

    /// <summary>The last 24 hours, one bucket per hour, oldest first.</summary>
    private static List<DashboardStatus.HourView> Hours(IReadOnlyList<RunRecord> runs, DateTimeOffset now)
    {
        var end = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero);
        var byHour = runs.Where(r => !r.Outcome.IsSkip())
            .ToLookup(r => new DateTimeOffset(r.Finished.UtcDateTime.Date.AddHours(r.Finished.UtcDateTime.Hour), TimeSpan.Zero));
        return [.. Enumerable.Range(0, 24).Select(i => end.AddHours(i - 23)).Select(h => new DashboardStatus.HourView(h,
            byHour[h].Sum(r => r.Counts.Inserted), byHour[h].Sum(r => r.Counts.Closed), byHour[h].Sum(r => r.Counts.Deleted),
            byHour[h].Count(r => r.Outcome == LoadOutcome.Loaded)))];
    }
}
