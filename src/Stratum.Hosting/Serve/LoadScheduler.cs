using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stratum.Hosting.Checks;
using Stratum.Monitoring;
using Stratum.State;

namespace Stratum.Hosting.Serve;

/// <summary>
/// The service's loop: wait for the next start (plus jitter), load every stream as
/// <c>stratum run</c> does, probe every stream for the dashboard, the gauges and the checks, and
/// again. A stop lets each load finish its current batch (published and recorded, or not at all),
/// then the loads release their leases and return; streams not started are left for next time.
/// </summary>
public sealed class LoadScheduler(IDeployment deployment, ServeSettings settings, StatusBoard board, ILogger<LoadScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var clock = deployment.Clock;
        var next = clock.GetUtcNow();
        using var stopping = stoppingToken.Register(log.Stopping);
        while (!stoppingToken.IsCancellationRequested)
        {
            var start = next + Jitter();
            board.NextRun = start;
            var wait = start - clock.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await CycleAsync(stoppingToken);
            next = settings.Schedule.Next(clock.GetUtcNow());
            log.NextCycle(next.UtcDateTime);
        }
        log.Stopped();
    }

    /// <summary>One pass over every stream; never throws (a failed cycle is logged and shown, and the next one tries again).</summary>
    public async Task CycleAsync(CancellationToken stop)
    {
        var clock = deployment.Clock;
        var pass = new StreamPass(deployment) { BreakerChanged = log.Breaker };
        var started = clock.GetUtcNow();
        IReadOnlyList<RunRecord> runs = [];
        HealthReport? report = null;
        string? error = null;
        try
        {
            var set = await pass.SurveyAsync(null, null, stop);
            // The hard token is None: a stop is handled between batches through StopRequested.
            runs = await pass.LoadAsync(set.Streams, settings.Parallel, null, stop, CancellationToken.None);
            foreach (var r in runs.Where(r => r.Outcome is LoadOutcome.Failed or LoadOutcome.LostLease || r.FilesQuarantined > 0))
            {
                log.LoadProblem(r.Stream.Key, r.Outcome.Text(), r.Error ?? $"{r.FilesQuarantined} files quarantined (stratum quarantine list shows why)");
            }
            if (!stop.IsCancellationRequested)
            {
                var check = await pass.CheckAsync(set, settings.Checks, stop);
                report = check.Report;
                var failed = check.Run.Failed.ToList();
                if (failed.Count > 0)
                {
                    log.ChecksFailing(failed.Count, string.Join("; ", failed.Take(5).Select(f => $"{f.Stream} {f.Check}: {f.Measured}")));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the loads already returned; the probe is not needed.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = e.Message;
            log.CycleFailed(e.Message);
        }
        var cycle = new CycleInfo(started, clock.GetUtcNow(), runs.Count,
            runs.Count(r => r.Outcome == LoadOutcome.Loaded), runs.Count(r => r.Outcome == LoadOutcome.NothingPending),
            runs.Count(r => r.Outcome == LoadOutcome.SkippedLeaseHeld), runs.Count(r => r.Outcome is LoadOutcome.Failed or LoadOutcome.LostLease),
            runs.Count(r => r.Outcome == LoadOutcome.Stopped), runs.Sum(r => r.Counts.Inserted))
        {
            BreakerOpen = runs.Count(r => r.Outcome == LoadOutcome.SkippedBreakerOpen),
        };
        board.Completed(cycle, report, error);
        log.CycleDone(cycle.Streams, cycle.Loaded, cycle.UpToDate, cycle.Skipped, cycle.Failed, cycle.BreakerOpen, cycle.RowsInserted, (cycle.Finished - cycle.Started).TotalSeconds);
    }

    private TimeSpan Jitter() => settings.Jitter <= TimeSpan.Zero ? TimeSpan.Zero
        : TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * settings.Jitter.Ticks));
}
