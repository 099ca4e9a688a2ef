using System.Diagnostics;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.State;
using Stratum.Telemetry;

namespace Stratum.Loading;

/// <summary>
/// What one load tells the instruments: counters as batches commit (never for work that was not
/// recorded), the load's duration and outcome at the end, and the stream's gauges (newest
/// committed data, pending and quarantined files) as they change.
/// </summary>
internal sealed class LoadTelemetry(StreamId stream, TimeProvider clock)
{
    private readonly TagList _tags = StratumTelemetry.Tags(stream);
    private readonly long _started = clock.GetTimestamp();
    private DateTimeOffset? _newest;
    private long _quarantined;
    private List<ObjectInfo> _pending = [];

    public void LeaseHeldElsewhere() => StratumTelemetry.LeaseSkips.Add(1, _tags);

    public void Listed(IReadOnlyDictionary<string, LedgerEntry> ledger, List<ObjectInfo> pending, long alreadyLoaded)
    {
        foreach (var e in ledger.Values)
        {
            if (e.Status == FileStatus.Quarantined)
            {
                _quarantined++;
            }
            else if (e.NewestEventTime is { } t && (_newest is null || t > _newest))
            {
                _newest = t;
            }
        }
        _pending = [.. pending];
        StratumTelemetry.FilesAlreadyLoaded.Add(alreadyLoaded, _tags);
        PublishGauges();
    }

    /// <summary>A batch's files are in the ledger: count them and what their plan did.</summary>
    public void Recorded(IReadOnlyCollection<ObjectInfo> batch, IReadOnlyList<LedgerEntry> entries, PlanCounts? counts, IReadOnlyList<TieConflict> conflicts)
    {
        var committed = entries.Count(e => e.Status == FileStatus.Committed);
        StratumTelemetry.FilesCommitted.Add(committed, _tags);
        StratumTelemetry.FilesQuarantined.Add(entries.Count - committed, _tags);
        if (counts is not null)
        {
            StratumTelemetry.RowsInserted.Add(counts.Inserted, _tags);
            StratumTelemetry.RowsClosed.Add(counts.Closed, _tags);
            StratumTelemetry.RowsUnchanged.Add(counts.Unchanged, _tags);
            StratumTelemetry.RowsDeleted.Add(counts.Deleted, _tags);
        }
        if (conflicts.Count > 0)
        {
            var coarse = conflicts.Count(c => c.Coarse);
            StratumTelemetry.TieConflicts.Add(conflicts.Count - coarse, StratumTelemetry.With(_tags, "coarse", "false"));
            StratumTelemetry.TieConflicts.Add(coarse, StratumTelemetry.With(_tags, "coarse", "true"));
        }
        _quarantined += entries.Count - committed;
        foreach (var e in entries)
        {
            if (e.NewestEventTime is { } t && (_newest is null || t > _newest))
            {
                _newest = t;
            }
        }
        var done = batch.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        _pending.RemoveAll(f => done.Contains(f.Key));
        PublishGauges();
    }

    public void Finished(RunRecord run, Activity? activity)
    {
        activity?.SetTag(StratumTelemetry.OutcomeTag, run.Outcome.Text());
        if (run.Outcome is LoadOutcome.Failed or LoadOutcome.LostLease)
        {
            activity?.SetStatus(ActivityStatusCode.Error, run.Error);
        }
        if (run.Outcome == LoadOutcome.SkippedLeaseHeld)
        {
            return;
        }
        var tags = _tags;
        tags.Add(StratumTelemetry.OutcomeTag, run.Outcome.Text());
        StratumTelemetry.Loads.Add(1, tags);
        StratumTelemetry.LoadDuration.Record(clock.GetElapsedTime(_started).TotalSeconds, _tags);
    }

    private void PublishGauges()
    {
        DateTimeOffset? oldest = _pending.Count > 0 ? _pending.Min(f => f.LastModified) : null;
        StratumTelemetry.Streams.Update(stream, new StreamGaugeValues(_newest, _pending.Count, _quarantined, oldest), clock);
    }
}
