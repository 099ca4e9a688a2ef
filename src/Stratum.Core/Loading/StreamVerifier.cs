using System.Globalization;
using Stratum.Contracts;
using Stratum.Hashing;
using Stratum.Invariants;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.Reading;
using Stratum.State;
using Stratum.Warehouse;

namespace Stratum.Loading;

/// <summary>
/// The end-to-end proof of a stream (<c>stratum verify</c>; docs/operations.md, "Verifying a
/// stream"): every committed file of the ledger is re-read exactly as the loader reads it and
/// replayed through the pure planner against the table's current history of its keys. The
/// planner's result is a function of the set of loaded events, so on an intact table the replay
/// changes nothing; every key it would change is a version (or delete) that a committed file holds
/// and the table lacks, attributed to that file.
/// <para>
/// One case the planner cannot see by itself: in SCD2 a removed version leaves its predecessor
/// closed at the removed version's start, which reads as a delete at that instant and wins the tie
/// against the replayed version. Such a closing is a loss unless a delete explains it: a tombstone
/// of the key at that time in a replayed file, or (snapshot contracts) a replayed snapshot of that
/// time without the key. When not every committed file was replayed (<c>since</c>, files gone from
/// the store) and the contract can delete, an unexplained closing is reported as unconfirmed, never
/// as a loss. Snapshot deletes are not re-derived: a snapshot is checked for its own rows only
/// (deriving them against today's history would report keys that later snapshots legitimately
/// brought back).
/// </para>
/// <see cref="RepairAsync"/> publishes the missing versions under the stream's lease, with the
/// publish fence, like a load, and then verifies again.
/// </summary>
public sealed class StreamVerifier
{
    private readonly IObjectStore _objects;
    private readonly IStateStore _state;
    private readonly IWarehouse _warehouse;
    private readonly IReadOnlyList<IFileReader> _readers;
    private readonly LoaderOptions _options;
    private readonly TimeProvider _clock;
    private readonly Transient _retry;

    public StreamVerifier(IObjectStore objects, IStateStore state, IWarehouse warehouse, IReadOnlyList<IFileReader> readers, LoaderOptions options, TimeProvider clock)
    {
        _objects = objects;
        _state = state;
        _warehouse = warehouse;
        _readers = readers;
        _options = options;
        _clock = clock;
        _retry = new Transient(options, clock);
    }

    /// <summary>The loader's one retry layer, each call bounded by one lease TTL from its start.</summary>
    private Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        var deadline = _clock.GetUtcNow() + _options.LeaseTtl;
        return _retry.RunAsync(operation, () => deadline, null, ct);
    }

    /// <summary>Called after each file is re-read (from the verifying thread).</summary>
    public Action<VerifyProgress>? Progress { get; init; }

    /// <summary>Checks the committed files of <paramref name="stream"/> (those recorded at or after <paramref name="since"/>, or all).</summary>
    public async Task<VerifyReport> VerifyAsync(StreamId stream, TableContract contract, DateTimeOffset? since, CancellationToken ct)
        => await RunAsync(stream, contract, since, repair: null, ct);

    /// <summary>
    /// Verifies, publishes every missing version under the stream's lease (fenced; a file's repair
    /// is one atomic publish), releases the lease and verifies again. Returns null when the lease
    /// is held by a load (try again later).
    /// </summary>
    public async Task<RepairReport?> RepairAsync(StreamId stream, TableContract contract, DateTimeOffset? since, CancellationToken ct)
    {
        var before = await VerifyAsync(stream, contract, since, ct);
        if (before.Clean)
        {
            return new RepairReport(before, 0, 0, before);
        }
        var lease = await RetryAsync(async token => await _state.TryAcquireLeaseAsync(stream, _options.Owner, _options.LeaseTtl, token), ct);
        if (lease is null)
        {
            return null;
        }
        var repairer = new Repairer(lease, "verify-repair-" + _clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]);
        try
        {
            // Verified again under the lease: a load that finished in between may have published some of it.
            await RunAsync(stream, contract, since, repairer, ct);
        }
        finally
        {
            try
            {
                await _state.ReleaseLeaseAsync(repairer.Lease, CancellationToken.None);
            }
            catch (Exception e) when (Transient.Is(e))
            {
                // It expires by itself.
            }
        }
        var after = await VerifyAsync(stream, contract, since, ct);
        return new RepairReport(before, repairer.FilesPublished, repairer.KeysPublished, after);
    }

    private sealed class Repairer(Lease lease, string loadId)
    {
        public Lease Lease { get; set; } = lease;
        public string LoadId { get; } = loadId;
        public int FilesPublished { get; set; }
        public long KeysPublished { get; set; }
    }

    private sealed record Candidate(ObjectInfo File, RowKey Key, DateTime Time, string Hash);

    private async Task<VerifyReport> RunAsync(StreamId stream, TableContract contract, DateTimeOffset? since, Repairer? repair, CancellationToken ct)
    {
        var ledger = await RetryAsync(async token => await _state.GetLedgerAsync(stream, token), ct);
        var committed = ledger.Values.Where(e => e.Status == FileStatus.Committed).ToList();
        var selected = committed.Where(e => since is null || e.RecordedAt >= since).ToList();
        var wanted = selected.ToHashSet();
        var listed = new Dictionary<LedgerEntry, ObjectInfo>();
        await foreach (var file in _objects.ListAsync(stream.Prefix, ct))
        {
            if (ledger.Find(file) is { } entry && wanted.Contains(entry))
            {
                listed.TryAdd(entry, file); // Find also reads entries recorded under the old content-only identity
            }
        }
        var files = new List<ObjectInfo>();
        var gone = new List<string>();
        foreach (var entry in selected.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (listed.TryGetValue(entry, out var f))
            {
                files.Add(f);
            }
            else
            {
                gone.Add(entry.Key);
            }
        }

        var hasher = new RowHasher(contract);
        var readOptions = new ReadOptions(_warehouse.TimestampResolution, _warehouse.TimestampRange, _warehouse.DateRange);
        var planner = new ScdPlanner(contract);
        var missing = new List<MissingVersion>();
        var unreadable = new List<string>();
        var candidates = new List<Candidate>();
        var tombstones = new HashSet<(RowKey, DateTime)>();
        var snapshots = new List<(DateTime Time, HashSet<RowKey> Keys)>();
        var lossFiles = new HashSet<string>(StringComparer.Ordinal);
        long rowsRead = 0;
        var done = 0;
        foreach (var file in files)
        {
            var rows = await ReadAsync(file, contract, hasher, readOptions, unreadable, ct);
            done++;
            if (rows is null)
            {
                Progress?.Invoke(new VerifyProgress(stream, done, files.Count, rowsRead));
                continue;
            }
            rowsRead += rows.Count;
            foreach (var r in rows.Where(r => r.IsTombstone))
            {
                tombstones.Add((r.Key, r.EventTime));
            }
            if (contract.Snapshot)
            {
                snapshots.Add((FileRowReader.FileTime(file, contract, readOptions.TimestampResolution)!.Value, rows.Where(r => !r.IsTombstone).Select(r => r.Key).ToHashSet()));
            }
            if (rows.Count > 0)
            {
                var history = await HistoryAsync(contract, stream.Tenant, rows, ct);
                var plan = planner.Plan(history, rows, repair?.LoadId ?? "verify");
                var found = Losses(file, plan, history).ToList();
                missing.AddRange(found);
                if (found.Count > 0)
                {
                    lossFiles.Add(file.Key);
                }
                if (contract.ScdType == 2)
                {
                    candidates.AddRange(ClosingCandidates(file, rows, history, plan));
                }
                if (repair is not null && found.Count > 0)
                {
                    await PublishAsync(stream, contract, file, rows, [], repair, ct);
                }
            }
            Progress?.Invoke(new VerifyProgress(stream, done, files.Count, rowsRead));
        }

        // Closings that beat a replayed version: explained by a delete, a loss, or unconfirmed.
        var complete = since is null || selected.Count == committed.Count;
        complete = complete && gone.Count == 0 && unreadable.Count == 0;
        var unconfirmed = new List<MissingVersion>();
        var confirmed = new List<Candidate>();
        foreach (var c in candidates)
        {
            if (tombstones.Contains((c.Key, c.Time)) || snapshots.Any(s => s.Time == c.Time && !s.Keys.Contains(c.Key)))
            {
                continue;
            }
            var version = new MissingVersion(c.File.Key, c.Key.ToString(), new DateTimeOffset(c.Time, TimeSpan.Zero), MissingVersion.Kinds.Version, c.Hash,
                "closed at this time by a delete that no replayed file holds");
            if (complete || !contract.HasDeletes)
            {
                missing.Add(version);
                lossFiles.Add(c.File.Key);
                confirmed.Add(c);
            }
            else
            {
                unconfirmed.Add(version);
            }
        }
        if (repair is not null)
        {
            foreach (var group in confirmed.GroupBy(c => c.File.Key, StringComparer.Ordinal))
            {
                var file = group.First().File;
                var rows = await ReadAsync(file, contract, hasher, readOptions, [], ct);
                if (rows is not null)
                {
                    await PublishAsync(stream, contract, file, rows, [.. group.Select(c => (c.Key, c.Time))], repair, ct);
                }
            }
        }
        var report = new VerifyReport(stream, since, files.Count, rowsRead, [.. lossFiles.Order(StringComparer.Ordinal)], missing, unconfirmed, gone, unreadable);
        return report;
    }

    private async Task<List<IncomingRow>?> ReadAsync(ObjectInfo file, TableContract contract, RowHasher hasher, ReadOptions options, List<string> unreadable, CancellationToken ct)
    {
        try
        {
            return await RetryAsync(async token => await FileRowReader.ReadAsync(_objects, _readers, file, contract, hasher, options, token), ct);
        }
        catch (FileRejectedException e)
        {
            unreadable.Add($"{file.Key}: {e.Message}");
        }
        catch (FileNotFoundException)
        {
            unreadable.Add($"{file.Key}: deleted while verifying");
        }
        return null;
    }

    private async Task<IReadOnlyList<VersionRow>> HistoryAsync(TableContract contract, TenantId tenant, List<IncomingRow> rows, CancellationToken ct)
    {
        var keys = rows.Select(r => r.Key).Distinct().ToList();
        return await RetryAsync(async token => await _warehouse.ReadHistoryAsync(contract, tenant, keys, token), ct);
    }

    /// <summary>What the plan would add to each changed key: versions and deletes the table lacks, or a history that differs.</summary>
    private static IEnumerable<MissingVersion> Losses(ObjectInfo file, LoadPlan plan, IReadOnlyList<VersionRow> history)
    {
        var byKey = history.ToLookup(r => r.Key);
        foreach (var key in plan.ChangedKeys)
        {
            var old = byKey[key.Key].ToList();
            var added = key.Rows.Where(n => !old.Any(o => o.EffectiveDate == n.EffectiveDate && o.Hash == n.Hash)).ToList();
            foreach (var n in added)
            {
                yield return new MissingVersion(file.Key, key.Key.ToString(), new DateTimeOffset(n.EffectiveDate, TimeSpan.Zero),
                    n.IsDeleteMarker ? MissingVersion.Kinds.Delete : MissingVersion.Kinds.Version, n.IsDeleteMarker ? null : n.Hash, null);
            }
            if (added.Count == 0)
            {
                // Same versions, another history: a missing delete (a closing) or a missing repeat of a version.
                var changedRow = key.Rows.FirstOrDefault(n => !old.Any(n.SameAs));
                var closing = key.Rows.FirstOrDefault(n => n.ExpirationDate is { } e && !old.Any(o => o.EffectiveDate == n.EffectiveDate && o.ExpirationDate == e));
                yield return closing is { ExpirationDate: { } at }
                    ? new MissingVersion(file.Key, key.Key.ToString(), new DateTimeOffset(at, TimeSpan.Zero), MissingVersion.Kinds.Delete, null, null)
                    : new MissingVersion(file.Key, key.Key.ToString(), new DateTimeOffset((changedRow ?? key.Rows[0]).EffectiveDate, TimeSpan.Zero), MissingVersion.Kinds.History, null,
                        "the key's history lacks an event of this file (a repeated version or a delete)");
            }
        }
    }

    /// <summary>
    /// SCD2: a version of the file that the plan left out because the key's history closes a row at
    /// that very instant with no row following, the mark a removed version leaves behind.
    /// </summary>
    private static IEnumerable<Candidate> ClosingCandidates(ObjectInfo file, List<IncomingRow> rows, IReadOnlyList<VersionRow> history, LoadPlan plan)
    {
        var changed = plan.ChangedKeys.Select(k => k.Key).ToHashSet();
        var byKey = history.ToLookup(r => r.Key);
        foreach (var r in rows)
        {
            if (r.IsTombstone || changed.Contains(r.Key))
            {
                continue;
            }
            var old = byKey[r.Key];
            if (IsUnexplainedClosing(old, r.EventTime))
            {
                yield return new Candidate(file, r.Key, r.EventTime, r.Hash);
            }
        }
    }

    private static bool IsUnexplainedClosing(IEnumerable<VersionRow> rows, DateTime t)
    {
        var any = false;
        foreach (var o in rows)
        {
            if (o.EffectiveDate == t || HiddenEvents.Parse(o.Hidden).Any(e => e.Time == t))
            {
                return false;
            }
            any |= !o.IsDeleteMarker && o.ExpirationDate == t;
        }
        return any;
    }

    private async Task PublishAsync(StreamId stream, TableContract contract, ObjectInfo file, List<IncomingRow> rows, IReadOnlyList<(RowKey Key, DateTime Time)> reopen, Repairer repair, CancellationToken ct)
    {
        var history = await HistoryAsync(contract, stream.Tenant, rows, ct);
        if (reopen.Count > 0)
        {
            // The closing a removed version left behind is not a delete: open the row again so the version slots in.
            var set = reopen.ToHashSet();
            history = [.. history.Select(h => !h.IsDeleteMarker && h.ExpirationDate is { } e && set.Contains((h.Key, e))
                ? h with { ExpirationDate = null }
                : h)];
        }
        var plan = new ScdPlanner(contract).Plan(history, rows, repair.LoadId);
        var changed = plan.ChangedKeys.ToList();
        if (changed.Count == 0)
        {
            return;
        }
        if (!plan.Counts.Reconciles)
        {
            throw new StratumException($"internal error: repair plan counts do not reconcile ({plan.Counts}); nothing was published");
        }
        var violations = new List<Violation>();
        foreach (var key in changed)
        {
            InvariantChecker.CheckKey(key.Key, key.Rows, new InvariantOptions(GapsAllowed: contract.HasDeletes), violations);
        }
        if (violations.Count > 0)
        {
            throw new StratumException($"the repair of {file.Key} would break the history invariants; nothing was published. First: {violations[0]}");
        }
        var renewed = await RetryAsync(async token => await _state.RenewLeaseAsync(repair.Lease, _options.LeaseTtl, token), ct)
            ?? throw new StratumException($"the lease of {stream} was lost during the repair; {file.Key} was not repaired (run verify --repair again)");
        repair.Lease = renewed;
        var fence = new PublishFence(stream, renewed.Token, async token => await _state.RenewLeaseAsync(renewed, _options.LeaseTtl, token) is not null);
        try
        {
            await RetryAsync(async token =>
            {
                await _warehouse.PublishAsync(contract, stream.Tenant, plan, fence, token);
                return true;
            }, ct);
        }
        catch (StalePublishException e)
        {
            throw new StratumException($"the repair of {file.Key} was refused: {e.Message}");
        }
        repair.FilesPublished++;
        repair.KeysPublished += changed.Count;
    }
}

/// <summary>Progress of a verification: files re-read so far.</summary>
public sealed record VerifyProgress(StreamId Stream, int FilesDone, int FilesTotal, long RowsRead);

/// <summary>A version (or delete) that a committed file holds and the table lacks.</summary>
public sealed record MissingVersion(string File, string Key, DateTimeOffset Time, string Kind, string? Hash, string? Note)
{
    public static class Kinds
    {
        public const string Version = "version";
        public const string Delete = "delete";
        public const string History = "history";
    }
}

/// <summary>
/// The answer of <see cref="StreamVerifier.VerifyAsync"/>. <see cref="Clean"/> when nothing is
/// missing. <see cref="Unconfirmed"/>: versions left out by a closing that no replayed file
/// explains, when not every committed file was replayed; <see cref="Gone"/>: committed files no
/// longer in the store; <see cref="Unreadable"/>: files that no longer read.
/// </summary>
public sealed record VerifyReport(
    StreamId Stream,
    DateTimeOffset? Since,
    int FilesChecked,
    long RowsRead,
    IReadOnlyList<string> FilesWithLosses,
    IReadOnlyList<MissingVersion> Missing,
    IReadOnlyList<MissingVersion> Unconfirmed,
    IReadOnlyList<string> Gone,
    IReadOnlyList<string> Unreadable)
{
    public bool Clean => Missing.Count == 0;
}

/// <summary>The answer of <see cref="StreamVerifier.RepairAsync"/>: before, what was published, after.</summary>
public sealed record RepairReport(VerifyReport Before, int FilesPublished, long KeysPublished, VerifyReport After);
