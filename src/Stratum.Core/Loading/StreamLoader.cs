using System.Diagnostics;
using System.Globalization;
using Stratum.Contracts;
using Stratum.Hashing;
using Stratum.Invariants;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.Reading;
using Stratum.State;
using Stratum.Telemetry;
using Stratum.Warehouse;

namespace Stratum.Loading;

/// <summary>
/// Loads one stream exactly once in effect (docs/architecture.md, "The load of one stream"):
/// lease → list → pending = not in the ledger → per batch: read and validate, read the affected
/// keys' history, plan, check the plan against the invariants, publish atomically, record the
/// files in the ledger under the lease's fencing token → release. A crash anywhere leaves files
/// pending; loading them again changes nothing that is already there.
/// </summary>
public sealed class StreamLoader
{
    private readonly IObjectStore _objects;
    private readonly IStateStore _state;
    private readonly IWarehouse _warehouse;
    private readonly IReadOnlyList<IFileReader> _readers;
    private readonly LoaderOptions _options;
    private readonly TimeProvider _clock;
    private readonly Transient _retry;
    private readonly HashSet<Identifier> _ensured = [];

    public StreamLoader(IObjectStore objects, IStateStore state, IWarehouse warehouse, IReadOnlyList<IFileReader> readers, LoaderOptions options, TimeProvider clock)
    {
        _objects = objects;
        _state = state;
        _warehouse = warehouse;
        _readers = readers;
        _options = options;
        _clock = clock;
        _retry = new Transient(options, clock);
    }

    /// <summary>Called as the load goes (from the loading thread).</summary>
    public Action<LoadProgress>? Progress { get; init; }

    /// <summary>
    /// A graceful stop (a service shutting down): checked before the load starts and between
    /// batches, never inside one, so a batch is published and recorded whole; the lease is released
    /// and the rest of the files stay pending (outcome <c>stopped</c>). The cancellation token of
    /// <see cref="LoadAsync"/> is the hard stop.
    /// </summary>
    public CancellationToken StopRequested { get; init; }

    public async Task<RunRecord> LoadAsync(StreamId stream, TableContract contract, CancellationToken cancellationToken)
    {
        var run = new RunBuilder(stream, _options.Owner, NewLoadId(), _clock.GetUtcNow());
        if (StopRequested.IsCancellationRequested)
        {
            return run.Build(RunRecord.Outcomes.Stopped, "stopped before it started", _clock.GetUtcNow()); // nothing done, nothing logged
        }
        using var activity = StratumTelemetry.Start(SpanNames.Load, stream);
        run.Telemetry = new LoadTelemetry(stream, _clock);
        run.Activity = activity;
        Lease? lease = null;
        try
        {
            using (StratumTelemetry.Start(SpanNames.LeaseAcquire, stream))
            {
                lease = await RetryAsync(run, async ct => await _state.TryAcquireLeaseAsync(stream, _options.Owner, _options.LeaseTtl, ct), cancellationToken);
                run.Lease = lease;
            }
            if (lease is null)
            {
                run.Telemetry.LeaseHeldElsewhere();
                return await FinishAsync(run, RunRecord.Outcomes.SkippedLeaseHeld, null, cancellationToken);
            }
            var ledger = await RetryAsync(run, async ct => await _state.GetLedgerAsync(stream, ct), cancellationToken);
            var pending = new List<ObjectInfo>();
            var listed = await RetryAsync(run, async ct =>
            {
                var all = new List<ObjectInfo>();
                await foreach (var file in _objects.ListAsync(stream.Prefix, ct))
                {
                    all.Add(file);
                }
                return all;
            }, cancellationToken);
            foreach (var file in listed)
            {
                run.FilesSeen++;
                if (ledger.Holds(file)) // identity is key + content: the same bytes under another key are another file
                {
                    run.FilesAlreadyLoaded++;
                }
                else
                {
                    pending.Add(file);
                }
            }
            run.Telemetry.Listed(ledger, pending, run.FilesAlreadyLoaded);
            if (pending.Count == 0)
            {
                return await FinishAsync(run, RunRecord.Outcomes.NothingPending, null, cancellationToken);
            }
            await EnsureTableAsync(run, contract, cancellationToken); // not before: a no-op run never opens the warehouse
            SnapshotLine? snapshots = null;
            if (contract.Snapshot)
            {
                // Oldest snapshot first (by its time, not by how names sort); the result does not depend on it, the work does.
                var resolution = _warehouse.TimestampResolution;
                pending = [.. pending
                    .OrderBy(f => FileRowReader.FileTime(f, contract, resolution) ?? DateTime.MinValue)
                    .ThenBy(f => f.Key, StringComparer.Ordinal)];
                snapshots = new SnapshotLine(ledger.Values
                    .Where(e => e.Status == FileStatus.Committed && e.NewestEventTime is not null)
                    .Select(e => new SnapshotRef(e.NewestEventTime!.Value.UtcDateTime, e.Key)));
            }
            var done = 0;
            foreach (var batch in Batches(pending, contract.Snapshot))
            {
                if (StopRequested.IsCancellationRequested)
                {
                    return await FinishAsync(run, RunRecord.Outcomes.Stopped, $"stopped between batches; {pending.Count - done} files left pending", cancellationToken);
                }
                lease = await RenewAsync(run, lease, cancellationToken);
                if (lease is null)
                {
                    return await FinishAsync(run, RunRecord.Outcomes.LostLease, "the lease was lost before reading a batch", cancellationToken);
                }
                var (outcome, error) = await LoadBatchAsync(stream, contract, batch, snapshots, run, lease, cancellationToken);
                if (outcome is not null)
                {
                    return await FinishAsync(run, outcome, error, cancellationToken);
                }
                done += batch.Count;
                Progress?.Invoke(new LoadProgress(stream, done, pending.Count, run.RowsRead, "committed"));
            }
            return await FinishAsync(run, RunRecord.Outcomes.Loaded, run.ChangedNote(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return await FinishAsync(run, RunRecord.Outcomes.Failed, Describe(e), CancellationToken.None);
        }
        finally
        {
            if (lease is not null)
            {
                try
                {
                    using var span = StratumTelemetry.Start(SpanNames.LeaseRelease, stream);
                    await _state.ReleaseLeaseAsync(lease, CancellationToken.None);
                }
                catch (Exception e) when (Transient.Is(e))
                {
                    // It expires by itself.
                }
            }
        }
    }

    /// <summary>Returns (outcome, error) to stop the run, or (null, null) to go on.</summary>
    private async Task<(string?, string?)> LoadBatchAsync(StreamId stream, TableContract contract, List<ObjectInfo> batch, SnapshotLine? snapshots, RunBuilder run, Lease lease, CancellationToken ct)
    {
        var hasher = new RowHasher(contract);
        var readOptions = new ReadOptions(_warehouse.TimestampResolution, _warehouse.TimestampRange, _warehouse.DateRange);
        var entries = new List<LedgerEntry>();
        var read = new List<(ObjectInfo File, long Rows, DateTime? Newest)>();
        // A snapshot is planned whole (its deletes are found against every key the tenant has); any
        // other batch in memory up to load.batch_rows rows, past that spilled to local files and published in chunks of half that.
        using var rows = new BatchRows(contract, snapshots is null ? _options.BatchRows : long.MaxValue, _options.SpillDirectory ?? Path.GetTempPath());
        foreach (var file in batch)
        {
            try
            {
                var (count, newest) = await RetryAsync(run, async token =>
                {
                    rows.BeginFile();
                    long inFile = 0;
                    void Add(IncomingRow row)
                    {
                        rows.Add(row);
                        if (++inFile % 100_000 == 0)
                        {
                            Progress?.Invoke(new LoadProgress(stream, 0, 0, run.RowsRead + inFile, "read")); // a large file reports as it is read
                        }
                    }
                    try
                    {
                        return await FileRowReader.ReadAsync(_objects, _readers, file, contract, hasher, readOptions, Add, token);
                    }
                    catch
                    {
                        rows.DiscardFile(); // a retried, refused or changed file adds no rows
                        throw;
                    }
                }, ct);
                read.Add((file, count, newest));
                run.RowsRead += count;
                Progress?.Invoke(new LoadProgress(stream, 0, 0, run.RowsRead, "read"));
            }
            catch (FileRejectedException e)
            {
                entries.Add(new LedgerEntry(file.Identity, file.Key, FileStatus.Quarantined, 0, run.LoadId, _clock.GetUtcNow(), e.Message));
                run.FilesQuarantined++;
            }
            catch (FileNotFoundException)
            {
                // Deleted between listing and reading: nothing to load, nothing to record.
            }
            catch (ObjectChangedException e)
            {
                // Rewritten between listing and reading: recorded neither committed nor quarantined, so it stays
                // pending and the next listing sees its new content under its new identity.
                run.Changed.Add(e.Key);
                Progress?.Invoke(new LoadProgress(stream, 0, 0, run.RowsRead, "changed"));
            }
        }

        // A snapshot is one file per batch; its time places it among the loaded ones.
        SnapshotRef? snapshot = snapshots is not null && read.Count == 1
            ? new SnapshotRef(FileRowReader.FileTime(read[0].File, contract, _warehouse.TimestampResolution)!.Value, read[0].File.Key)
            : null;
        IReadOnlyList<VersionRow>? snapshotHistory = null;
        if (snapshot is { } s) // an empty snapshot still deletes every key
        {
            snapshotHistory = await RetryAsync(run, async token => await _warehouse.ReadAllAsync(contract, stream.Tenant, token), ct);
            if (!AddSnapshotEvents(s, snapshots!, snapshotHistory, read[0].File, rows.InMemory, entries, run))
            {
                read.Clear();
                rows.InMemory.Clear();
            }
        }
        var counts = new PlanCounts();
        var conflicts = new List<TieConflict>();
        if (rows.Spilled || rows.InMemory.Count > 0)
        {
            // Fencing: a worker that lost its lease must not publish.
            var renewed = await RenewAsync(run, lease, ct);
            if (renewed is null)
            {
                return (RunRecord.Outcomes.LostLease, "the lease was lost before publishing; nothing was published");
            }
            // The fenced publish: the warehouse refuses it, whenever it runs, once a newer lease has published.
            var fence = new PublishFence(stream, lease.Token, async token => (run.Lease = await _state.RenewLeaseAsync(lease, _options.LeaseTtl, token)) is not null);
            using (StratumTelemetry.Start(SpanNames.Publish, stream))
            {
                var started = _clock.GetTimestamp();
                try
                {
                    var planned = await RetryAsync(run, token => PublishChunksAsync(contract, stream, rows, snapshotHistory, fence, run.LoadId, token), ct);
                    foreach (var (chunkCounts, chunkConflicts) in planned)
                    {
                        run.Add(chunkCounts, chunkConflicts);
                        counts += chunkCounts;
                        conflicts.AddRange(chunkConflicts);
                    }
                }
                catch (StalePublishException e)
                {
                    return (RunRecord.Outcomes.LostLease, e.Message);
                }
                StratumTelemetry.PublishDuration.Record(_clock.GetElapsedTime(started).TotalSeconds, StratumTelemetry.Tags(stream));
            }
        }

        foreach (var (file, count, newestRow) in read)
        {
            // A snapshot's entry keeps the snapshot's time (even when it is empty): later snapshots are placed by it.
            DateTimeOffset? newest = snapshot is { } snap ? new DateTimeOffset(snap.Time, TimeSpan.Zero)
                : newestRow is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
            entries.Add(new LedgerEntry(file.Identity, file.Key, FileStatus.Committed, count, run.LoadId, _clock.GetUtcNow(), null, newest));
            run.FilesCommitted++;
        }
        if (entries.Count > 0)
        {
            bool recorded;
            using (StratumTelemetry.Start(SpanNames.LedgerRecord, stream))
            {
                recorded = await RetryAsync(run, async token => await _state.RecordAsync(lease, entries, token), ct);
            }
            if (!recorded)
            {
                run.FilesCommitted -= read.Count;
                run.FilesQuarantined -= entries.Count - read.Count;
                return (RunRecord.Outcomes.LostLease, "the lease was taken over before the files were recorded; they stay pending and the next load finds their rows already published");
            }
        }
        if (snapshot is { } placed && read.Count == 1)
        {
            snapshots!.Add(placed);
        }
        run.Telemetry?.Recorded([.. batch.Where(f => !run.Changed.Contains(f.Key))], entries, counts, conflicts);
        return (null, null);
    }

    /// <summary>
    /// One attempt at the batch's publish: each chunk's keys' history read, planned, checked and
    /// added to one publication, which is then committed whole. Returns each chunk's counts and
    /// ties (its rows are not kept: memory stays one chunk's and the next one's). Between chunks
    /// the lease is renewed; a lost one ends the attempt with nothing published. While a chunk is
    /// added (sent to the warehouse and written there) the next one is read from the spill files.
    /// </summary>
    private async Task<List<(PlanCounts Counts, IReadOnlyList<TieConflict> Conflicts)>> PublishChunksAsync(TableContract contract, StreamId stream, BatchRows rows,
        IReadOnlyList<VersionRow>? history, PublishFence fence, string loadId, CancellationToken ct)
    {
        var planner = new ScdPlanner(contract);
        var planned = new List<(PlanCounts, IReadOnlyList<TieConflict>)>();
        await using var publication = await _warehouse.BeginPublishAsync(contract, stream.Tenant, fence, ct);
        using var chunks = rows.Chunks().GetEnumerator();
        Task<List<IncomingRow>?> ReadAhead() => Task.Run(() => chunks.MoveNext() ? chunks.Current : null, CancellationToken.None);
        var next = ReadAhead();
        long sent = 0;
        try
        {
            while (await next is { } chunk)
            {
                sent += chunk.Count;
                if (planned.Count > 0 && !await fence.ConfirmAsync(ct))
                {
                    throw new StalePublishException(stream, fence.Token, "was lost between two chunks of the batch; nothing of it was published");
                }
                var chunkHistory = history ?? await publication.ReadHistoryAsync([.. chunk.Select(r => r.Key).Distinct()], ct);
                var plan = planner.Plan(chunkHistory, chunk, loadId);
                Verify(contract, plan);
                List<KeyPlan> changed = [.. plan.ChangedKeys];
                planned.Add((plan.Counts, plan.Conflicts));
                next = ReadAhead(); // none after a batch held in memory: it is one chunk
                await publication.AddAsync(changed, ct);
                if (rows.Spilled)
                {
                    // The chunk's rows are garbage now (a list read back for this attempt, unlike the
                    // rows held in memory, which a retry plans again); collected before the next chunk
                    // is planned, the heap stays about two chunks' size instead of growing with the batch.
                    chunk.Clear();
                    changed.Clear();
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                }
                if (rows.Spilled)
                {
                    Progress?.Invoke(new LoadProgress(stream, 0, 0, sent, "publishing", rows.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        }
        finally
        {
            // The spill files are read by one thread at a time, and are deleted only once it is done.
            await next.ContinueWith(static _ => { }, TaskScheduler.Default);
        }
        await publication.CommitAsync(ct);
        return planned;
    }

    /// <summary>
    /// Adds the deletes a snapshot implies (<see cref="SnapshotEvents"/>) to the batch. A second
    /// snapshot at the time of a loaded one is that snapshot again when it holds the same versions,
    /// and is quarantined otherwise (false: nothing of it is planned).
    /// </summary>
    private bool AddSnapshotEvents(SnapshotRef snapshot, SnapshotLine snapshots, IReadOnlyList<VersionRow> history,
        ObjectInfo file, List<IncomingRow> rows, List<LedgerEntry> entries, RunBuilder run)
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
        entries.Add(new LedgerEntry(file.Identity, file.Key, FileStatus.Quarantined, 0, run.LoadId, _clock.GetUtcNow(),
            $"another snapshot at the same time ({snapshot.Time:yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'}) is loaded ({other.File}) and this one differs from it; "
            + "a table has one snapshot per instant: give this file its own time, or remove one of the two and load again"));
        run.FilesQuarantined++;
        run.RowsRead -= rows.Count;
        return false;
    }

    private static void Verify(TableContract contract, LoadPlan plan)
    {
        if (!plan.Counts.Reconciles)
        {
            throw new StratumException($"internal error: plan counts do not reconcile ({plan.Counts}); nothing was published");
        }
        var options = new InvariantOptions(GapsAllowed: contract.HasDeletes);
        var violations = new List<Violation>();
        foreach (var key in plan.ChangedKeys)
        {
            InvariantChecker.CheckKey(key.Key, key.Rows, options, violations);
        }
        if (violations.Count > 0)
        {
            throw new StratumException($"internal error: the plan breaks the history invariants; nothing was published. First: {violations[0]}");
        }
    }

    private async Task EnsureTableAsync(RunBuilder run, TableContract contract, CancellationToken ct)
    {
        lock (_ensured)
        {
            if (_ensured.Contains(contract.Table))
            {
                return;
            }
        }
        // The contract the table was written under must be this one (docs/contracts.md, "Changing a contract").
        var stored = await RetryAsync(run, async token => await _warehouse.ReadContractAsync(contract.Table, token), ct);
        if (stored is not null && stored.Fingerprint != Contracts.ContractFingerprint.Of(contract))
        {
            throw new Migration.ContractChangedException(contract.Table.Value, Migration.ContractDiff.Between(stored.Parse(), contract));
        }
        await RetryAsync(run, async token =>
        {
            await _warehouse.EnsureTableAsync(contract, token); // a new table stores the fingerprint as it is created
            if (stored is null && await _warehouse.ReadContractAsync(contract.Table, token) is null)
            {
                await _warehouse.StoreContractAsync(contract, StoredContract.Origins.FirstLoad, token); // older table: the contract now is trusted
            }
        }, ct);
        lock (_ensured)
        {
            _ensured.Add(contract.Table);
        }
    }

    private async Task<Lease?> RenewAsync(RunBuilder run, Lease lease, CancellationToken ct)
    {
        using var span = StratumTelemetry.Start(SpanNames.LeaseRenew, lease.Stream);
        var renewed = await RetryAsync(run, async token => await _state.RenewLeaseAsync(lease, _options.LeaseTtl, token), ct);
        run.Lease = renewed;
        return renewed;
    }

    /// <summary>
    /// The one retry layer: under a lease, never past its expiry less a tenth of the TTL; before
    /// one (or after it is released), for at most one TTL from now.
    /// </summary>
    private Task<T> RetryAsync<T>(RunBuilder run, Func<CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        var unleased = _clock.GetUtcNow() + _options.LeaseTtl;
        return _retry.RunAsync(
            operation,
            () => run.Lease is { } l ? l.ExpiresAt - (_options.LeaseTtl / 10) : unleased,
            busy => Progress?.Invoke(new LoadProgress(run.Stream, 0, 0, run.RowsRead, "waiting", busy.Resource)),
            ct);
    }

    /// <summary><see cref="RetryAsync{T}"/> for an operation without a result.</summary>
    private Task RetryAsync(RunBuilder run, Func<CancellationToken, Task> operation, CancellationToken ct)
        => RetryAsync(run, async token =>
        {
            await operation(token);
            return true;
        }, ct);

    private IEnumerable<List<ObjectInfo>> Batches(List<ObjectInfo> pending, bool oneFileEach)
    {
        var batch = new List<ObjectInfo>();
        long bytes = 0;
        foreach (var file in pending)
        {
            if (batch.Count > 0 && (oneFileEach || batch.Count >= _options.BatchFiles || bytes + file.Size > _options.BatchBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(file);
            bytes += file.Size;
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private async Task<RunRecord> FinishAsync(RunBuilder run, string outcome, string? error, CancellationToken ct)
    {
        var record = run.Build(outcome, error, _clock.GetUtcNow());
        run.Telemetry?.Finished(record, run.Activity);
        try
        {
            await RetryAsync(run, token => _state.AppendRunAsync(record, token), ct);
        }
        catch (Exception e) when (Transient.Is(e))
        {
            // The run log is information; a load is not failed for want of it.
        }
        return record;
    }

    private string NewLoadId()
        => _clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..10];

    private static string Describe(Exception e) => e is StratumException ? e.Message : $"{e.GetType().Name}: {e.Message}";

    private sealed class RunBuilder(StreamId stream, string owner, string loadId, DateTimeOffset started)
    {
        public string LoadId { get; } = loadId;
        public StreamId Stream { get; } = stream;

        /// <summary>The lease as last acquired or renewed (null before, or once lost): it bounds every retry.</summary>
        public Lease? Lease;
        public LoadTelemetry? Telemetry;
        public Activity? Activity;
        public long FilesSeen;
        public long FilesAlreadyLoaded;
        public long FilesCommitted;
        public long FilesQuarantined;
        public long RowsRead;
        public readonly HashSet<string> Changed = new(StringComparer.Ordinal);
        private PlanCounts _counts = new();

        /// <summary>For the run log: the files that changed while being read and stay pending, or null.</summary>
        public string? ChangedNote() => Changed.Count == 0
            ? null
            : $"{Changed.Count} file(s) changed after listing and stay pending for the next pass: {string.Join(", ", Changed.Order(StringComparer.Ordinal).Take(5))}{(Changed.Count > 5 ? ", …" : "")}";

        private readonly List<ConflictRecord> _conflicts = [];
        private long _ties, _coarseTies;

        public void Add(PlanCounts counts, IReadOnlyList<TieConflict> conflicts)
        {
            _counts += counts;
            _ties += conflicts.Count;
            _coarseTies += conflicts.Count(c => c.Coarse);
            _conflicts.AddRange(conflicts.Take(ConflictRecord.KeptPerRun - _conflicts.Count).Select(ConflictRecord.From));
        }

        public RunRecord Build(string outcome, string? error, DateTimeOffset finished) => new()
        {
            LoadId = LoadId,
            Stream = Stream,
            Owner = owner,
            Started = started,
            Finished = finished,
            Outcome = outcome,
            FilesSeen = FilesSeen,
            FilesAlreadyLoaded = FilesAlreadyLoaded,
            FilesCommitted = FilesCommitted,
            FilesQuarantined = FilesQuarantined,
            RowsRead = RowsRead,
            Counts = _counts,
            TieConflicts = _ties,
            CoarseTieConflicts = _coarseTies,
            Conflicts = [.. _conflicts],
            Error = error,
        };
    }
}
