using Stratum.Contracts;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.State;
using Stratum.Telemetry;
using Stratum.Warehouse;

namespace Stratum.Loading;

/// <summary>
/// One batch of a load, under the lease: its files read (<see cref="BatchReader"/>), a snapshot's
/// deletes added, its rows published (<see cref="BatchPublisher"/>), then its files recorded in
/// the ledger under the lease's token. A crash anywhere leaves the files pending, and loading them
/// again changes nothing already published.
/// </summary>
internal static class BatchLoad
{
    /// <summary>Loads the batch; returns how the run ends when it must stop here, or null to go on.</summary>
    public static async Task<RunEnd?> LoadAsync(LoadRun run, TableContract contract, List<ObjectInfo> batch, SnapshotLine? snapshots, Lease lease, CancellationToken ct)
    {
        var entries = new List<LedgerEntry>();
        // A snapshot is planned whole (its deletes are found against every key the tenant has); any
        // other batch in memory up to load.batch_rows rows, past that spilled to local files and published in chunks of half that.
        using var rows = new BatchRows(contract, snapshots is null ? run.Options.BatchRows : long.MaxValue, run.Options.SpillDirectory ?? Path.GetTempPath());
        var read = await BatchReader.ReadAsync(run, contract, batch, rows, entries, ct);

        // A snapshot is one file per batch; its time places it among the loaded ones.
        SnapshotRef? snapshot = snapshots is not null && read.Count == 1
            ? new SnapshotRef(FileRowReader.FileTime(read[0].File, contract, run.Warehouse.TimestampResolution)!.Value, read[0].File.Key)
            : null;
        IReadOnlyList<VersionRow>? snapshotHistory = null;
        if (snapshot is { } s) // an empty snapshot still deletes every key
        {
            snapshotHistory = await run.RetryAsync(async token => await run.Warehouse.ReadAllAsync(contract, run.Stream.Tenant, token), ct);
            if (!AddSnapshotEvents(run, s, snapshots!, snapshotHistory, read[0].File, rows.InMemory, entries))
            {
                read.Clear();
                rows.InMemory.Clear();
            }
        }
        BatchPublisher.Published? published = null;
        if (rows.Spilled || rows.InMemory.Count > 0)
        {
            try
            {
                published = await BatchPublisher.PublishAsync(run, contract, rows, snapshotHistory, lease, ct);
            }
            catch (StalePublishException e)
            {
                return new RunEnd(LoadOutcome.LostLease, e.Message);
            }
            if (published is null)
            {
                return new RunEnd(LoadOutcome.LostLease, "the lease was lost before publishing; nothing was published");
            }
        }

        foreach (var (file, count, newestRow) in read)
        {
            // A snapshot's entry keeps the snapshot's time (even when it is empty): later snapshots are placed by it.
            DateTimeOffset? newest = snapshot is { } snap ? new DateTimeOffset(snap.Time, TimeSpan.Zero)
                : newestRow is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
            entries.Add(new LedgerEntry(file.Identity, file.Key, FileStatus.Committed, count, run.LoadId, run.Clock.GetUtcNow(), null, newest));
            run.Tally.FilesCommitted++;
        }
        if (entries.Count > 0)
        {
            bool recorded;
            using (StratumTelemetry.Start(SpanNames.LedgerRecord, run.Stream))
            {
                recorded = await run.RetryAsync(async token => await run.State.RecordAsync(lease, entries, token), ct);
            }
            if (!recorded)
            {
                run.Tally.FilesCommitted -= read.Count;
                run.Tally.FilesQuarantined -= entries.Count - read.Count;
                return new RunEnd(LoadOutcome.LostLease, "the lease was taken over before the files were recorded; they stay pending and the next load finds their rows already published");
            }
        }
        if (snapshot is { } placed && read.Count == 1)
        {
            snapshots!.Add(placed);
        }
        run.Telemetry?.Recorded([.. batch.Where(f => !run.Tally.Changed.Contains(f.Key))], entries, published?.Counts ?? new PlanCounts(), published?.Conflicts ?? []);
        return null;
    }

    /// <summary>
    /// Adds the deletes a snapshot implies (<see cref="SnapshotEvents"/>) to the batch. A second
    /// snapshot at the time of a loaded one is that snapshot again when it holds the same versions,
    /// and is quarantined otherwise (false: nothing of it is planned).
    /// </summary>
    private static bool AddSnapshotEvents(LoadRun run, SnapshotRef snapshot, SnapshotLine snapshots, IReadOnlyList<VersionRow> history,
        ObjectInfo file, List<IncomingRow> rows, List<LedgerEntry> entries)
    {
        if (snapshots.At(snapshot.Time) is not { } other)
        {
            var (previous, next) = snapshots.Neighbours(snapshot.Time);
            rows.AddRange([.. SnapshotEvents.Deletes(history, rows, snapshot, previous, next)]);
            return true;
        }
        if (SnapshotEvents.SameAsHistory(history, rows, snapshot.Time))
        {
            return true;
        }
        entries.Add(new LedgerEntry(file.Identity, file.Key, FileStatus.Quarantined, 0, run.LoadId, run.Clock.GetUtcNow(),
            $"another snapshot at the same time ({snapshot.Time:yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'}) is loaded ({other.File}) and this one differs from it; "
            + "a table has one snapshot per instant: give this file its own time, or remove one of the two and load again"));
        run.Tally.FilesQuarantined++;
        run.Tally.RowsRead -= rows.Count;
        return false;
    }
}
