using Stratum.Contracts;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Reading;
using Stratum.State;
using Stratum.Telemetry;
using Stratum.Warehouse;

namespace Stratum.Monitoring;

/// <summary>
/// Measures streams for <c>stratum check</c> and the <c>serve</c> dashboard: per stream one ledger
/// read, one breaker read, one listing of its prefix and (with a warehouse) one invariant query;
/// one run-log read for all. Updates the stream gauges as it goes, so a scrape after a probe is current.
/// </summary>
public sealed class StreamProbe(IObjectStore objects, IStateStore state, IWarehouse? warehouse, TimeProvider clock)
{
    public const int PendingListed = 100;

    /// <summary>When set, pending files that none of these readers reads are also reported as <see cref="StreamHealth.Unloadable"/>.</summary>
    public IReadOnlyList<IFileReader>? Readers { get; init; }

    public async Task<HealthReport> MeasureAsync(IReadOnlyList<(StreamId Stream, TableContract Contract)> streams, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var runs = await state.GetRunsAsync(null, now - window, cancellationToken);
        var byStream = runs.ToLookup(r => r.Stream);
        var result = new List<StreamHealth>(streams.Count);
        foreach (var (stream, contract) in streams)
        {
            result.Add(await MeasureAsync(stream, contract, byStream[stream].ToList(), cancellationToken));
        }
        return new HealthReport(now, result, runs);
    }

    private async Task<StreamHealth> MeasureAsync(StreamId stream, TableContract contract, List<RunRecord> runs, CancellationToken ct)
    {
        var ledger = await state.GetLedgerAsync(stream, ct);
        var pending = new List<ObjectInfo>();
        var unloadable = new List<UnloadableObject>();
        long pendingCount = 0;
        await foreach (var f in objects.ListAsync(stream.Prefix, ct))
        {
            if (!ledger.Holds(f))
            {
                pendingCount++;
                pending.Add(f);
                if (Readers is { } readers && !LandingSurvey.Readable(f.Key, readers))
                {
                    unloadable.Add(LandingSurvey.UnsupportedFile(stream, f.Key));
                }
            }
        }
        pending = [.. pending.OrderBy(f => f.LastModified).ThenBy(f => f.Key, StringComparer.Ordinal).Take(PendingListed)];
        var committed = ledger.Values.Where(e => e.Status == FileStatus.Committed).ToList();
        var quarantined = ledger.Values.Where(e => e.Status == FileStatus.Quarantined).OrderByDescending(e => e.RecordedAt).ToList();
        var ran = runs.Where(r => !r.Outcome.IsSkip() && r.Outcome != LoadOutcome.Stopped).ToList();
        var breaker = await state.GetBreakerAsync(stream, ct);
        StratumTelemetry.Breakers.Update(breaker);
        var last = ran.MaxBy(r => r.Finished);
        var health = new StreamHealth
        {
            Stream = stream,
            FilesCommitted = committed.Count,
            FilesPending = pendingCount,
            FilesQuarantined = quarantined.Count,
            RowsCommitted = committed.Sum(e => e.Rows),
            NewestData = committed.Max(e => e.NewestEventTime),
            OldestPending = pending.Count > 0 ? pending[0].LastModified : null,
            LastLoad = last?.Finished,
            LastOutcome = last?.Outcome,
            LastError = last?.Error,
            Loads = ran.Count,
            FailedLoads = ran.Count(r => r.Outcome is LoadOutcome.Failed or LoadOutcome.LostLease),
            LeaseSkips = runs.Count(r => r.Outcome == LoadOutcome.SkippedLeaseHeld),
            BreakerSkips = runs.Count(r => r.Outcome == LoadOutcome.SkippedBreakerOpen),
            Breaker = breaker,
            TieConflicts = ran.Sum(r => r.TieConflicts),
            CoarseTieConflicts = ran.Sum(r => r.CoarseTieConflicts),
            Problems = warehouse is null ? null : await warehouse.CountProblemsAsync(contract, stream.Tenant, ct),
            Quarantined = quarantined,
            Pending = pending,
            Unloadable = unloadable,
        };
        StratumTelemetry.Streams.Update(stream, new StreamGaugeValues(health.NewestData, health.FilesPending, health.FilesQuarantined, health.OldestPending), clock);
        return health;
    }
}
