using Stratum.Names;
using Stratum.State;

namespace Stratum.Testing.InMemory;

/// <summary>
/// An <see cref="IStateStore"/> held in memory, for unit tests, with the semantics of the SQLite and
/// DynamoDB adapters: a lease per stream that is free once released or expired (against the
/// injected <see cref="TimeProvider"/>), a fencing token that grows with every acquisition and
/// survives a release, renew, release and ledger writes that hold only for the current owner and
/// token; ledger entries that are never overwritten; a run log read newest first; breakers written
/// only over the version read. Every call is one
/// step under one lock, shared by the handles <see cref="OpenAgain"/> gives (other workers on the
/// same store). No I/O.
/// </summary>
public sealed class InMemoryStateStore : IStateStore
{
    private readonly Data _data;
    private readonly TimeProvider _clock;

    /// <param name="clock">the time leases expire against</param>
    /// <param name="name">shown in <see cref="Describe"/></param>
    public InMemoryStateStore(TimeProvider clock, string name = "state")
        : this(new Data(name), clock)
    {
    }

    private InMemoryStateStore(Data data, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _data = data;
        _clock = clock;
    }

    public string Describe => "memory://" + _data.Name;

    /// <summary>A second handle on the same store (another worker), with its own clock.</summary>
    public InMemoryStateStore OpenAgain(TimeProvider clock) => new(_data, clock);

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<Lease?> TryAcquireLeaseAsync(StreamId stream, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_data.Lock)
        {
            var now = _clock.GetUtcNow();
            _data.Leases.TryGetValue(stream.Key, out var current);
            if (current is { Owner: not null } && current.ExpiresAt > now)
            {
                return Task.FromResult<Lease?>(null); // held, and not expired
            }
            var lease = new Lease(stream, owner, (current?.Token ?? 0) + 1, now + ttl);
            _data.Leases[stream.Key] = new LeaseRow(owner, lease.Token, lease.ExpiresAt);
            return Task.FromResult<Lease?>(lease);
        }
    }

    public Task<Lease?> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_data.Lock)
        {
            if (!_data.IsCurrent(lease))
            {
                return Task.FromResult<Lease?>(null);
            }
            var expires = _clock.GetUtcNow() + ttl;
            _data.Leases[lease.Stream.Key] = new LeaseRow(lease.Owner, lease.Token, expires);
            return Task.FromResult<Lease?>(lease with { ExpiresAt = expires });
        }
    }

    public Task ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_data.Lock)
        {
            if (_data.IsCurrent(lease))
            {
                // The token stays: the next holder gets a larger one.
                _data.Leases[lease.Stream.Key] = new LeaseRow(null, lease.Token, DateTimeOffset.MinValue);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, LedgerEntry>> GetLedgerAsync(StreamId stream, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_data.Lock)
        {
            var copy = _data.Ledgers.TryGetValue(stream.Key, out var ledger)
                ? new Dictionary<string, LedgerEntry>(ledger, StringComparer.Ordinal)
                : new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
            return Task.FromResult<IReadOnlyDictionary<string, LedgerEntry>>(copy);
        }
    }

    public Task<bool> RecordAsync(Lease lease, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(entries);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_data.Lock)
        {
            if (!_data.IsCurrent(lease))
            {
                return Task.FromResult(false); // fenced: someone else holds the stream now
            }
            if (entries.Count == 0)
            {
                return Task.FromResult(true);
            }
            if (!_data.Ledgers.TryGetValue(lease.Stream.Key, out var ledger))
            {
                ledger = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
                _data.Ledgers[lease.Stream.Key] = ledger;
            }
            foreach (var entry in entries)
            {
                ledger.TryAdd(entry.Identity, entry); // an entry already there is left as it is
            }
            _data.Streams[lease.Stream.Key] = lease.Stream;
            return Task.FromResult(true);
        }
    }

    public Task<int> ReadmitAsync(StreamId stream, IReadOnlyCollection<string>? identities, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_data.Lock)
        {
            if (!_data.Ledgers.TryGetValue(stream.Key, out var ledger))
            {
                return Task.FromResult(0);
            }
            var readmitted = (identities ?? [.. ledger.Keys])
                .Where(id => ledger.TryGetValue(id, out var e) && e.Status == FileStatus.Quarantined)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            foreach (var id in readmitted)
            {
                ledger.Remove(id);
            }
            return Task.FromResult(readmitted.Count);
        }
    }

    public Task AppendRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        cancellationToken.ThrowIfCancellationRequested();
        var json = RunRecordJson.Serialize(run); // kept in its storage form, so a caller's later changes do not reach it
        lock (_data.Lock)
        {
            _data.Runs.Add(new RunRow(_data.Runs.Count, run.Stream, run.Finished, json));
            _data.Streams[run.Stream.Key] = run.Stream;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RunRecord>> GetRunsAsync(StreamId? stream, DateTimeOffset since, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<RunRow> rows;
        lock (_data.Lock)
        {
            rows = [.. _data.Runs.Where(r => r.Finished >= since && (stream is not { } s || r.Stream == s))];
        }
        IReadOnlyList<RunRecord> runs = [.. rows
            .OrderByDescending(r => r.Finished)
            .ThenByDescending(r => r.Sequence)
            .Select(r => RunRecordJson.Deserialize(r.Json))];
        return Task.FromResult(runs);
    }

    public Task<IReadOnlyList<StreamId>> ListStreamsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_data.Lock)
        {
            IReadOnlyList<StreamId> streams = [.. _data.Streams.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value)];
            return Task.FromResult(streams);
        }
    }

    public Task<BreakerState> GetBreakerAsync(StreamId stream, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_data.Lock)
        {
            return Task.FromResult(_data.Breakers.TryGetValue(stream.Key, out var b) ? b : BreakerState.Closed(stream));
        }
    }

    public Task<BreakerState?> TryWriteBreakerAsync(BreakerState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_data.Lock)
        {
            var stored = _data.Breakers.TryGetValue(state.Stream.Key, out var b) ? b.Version : 0;
            if (stored != state.Version)
            {
                return Task.FromResult<BreakerState?>(null); // another writer got there first
            }
            var written = state with { Version = stored + 1 };
            _data.Breakers[state.Stream.Key] = written;
            _data.Streams[state.Stream.Key] = state.Stream;
            return Task.FromResult<BreakerState?>(written);
        }
    }

    public Task<IReadOnlyList<BreakerState>> ListOpenBreakersAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_data.Lock)
        {
            IReadOnlyList<BreakerState> open = [.. _data.Breakers.Values.Where(b => b.IsOpen).OrderBy(b => b.Stream.Key, StringComparer.Ordinal)];
            return Task.FromResult(open);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed record LeaseRow(string? Owner, long Token, DateTimeOffset ExpiresAt);

    private sealed record RunRow(long Sequence, StreamId Stream, DateTimeOffset Finished, string Json);

    /// <summary>What the handles on one store share.</summary>
    private sealed class Data(string name)
    {
        public string Name { get; } = name;
        public Lock Lock { get; } = new();
        public Dictionary<string, LeaseRow> Leases { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Dictionary<string, LedgerEntry>> Ledgers { get; } = new(StringComparer.Ordinal);
        public List<RunRow> Runs { get; } = [];
        public Dictionary<string, BreakerState> Breakers { get; } = new(StringComparer.Ordinal);

        /// <summary>Every stream that has had a ledger entry or a run, by its key.</summary>
        public Dictionary<string, StreamId> Streams { get; } = new(StringComparer.Ordinal);

        /// <summary>Whether the lease is its stream's current one: same owner, same token (call under <see cref="Lock"/>).</summary>
        public bool IsCurrent(Lease lease)
            => Leases.TryGetValue(lease.Stream.Key, out var row)
               && string.Equals(row.Owner, lease.Owner, StringComparison.Ordinal)
               && row.Token == lease.Token;
    }
}
