using Amazon.DynamoDBv2;
using Stratum.Aws.Connection;
using Stratum.Aws.Dynamo;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Aws.State;

/// <summary>
/// The state store on DynamoDB, built on single-item conditional writes only (no transactions):
/// a lease item per stream with a fencing token, one ledger item per file, run-log items, a
/// breaker item per stream and a stream catalog, all in one table (docs/dynamodb.md). The injected <see cref="TimeProvider"/>
/// decides lease expiry and every recorded time.
/// </summary>
public sealed class DynamoDbStateStore : IStateStore
{
    private readonly IAmazonDynamoDB _db;
    private readonly bool _ownsClient;
    private readonly DynamoDbStateStoreOptions _options;
    private readonly DynamoTable _table;
    private readonly LeaseItems _leases;
    private readonly LedgerItems _ledger;
    private readonly RunItems _runs;
    private readonly BreakerItems _breakers;
    private readonly StreamCatalog _catalog;

    public DynamoDbStateStore(DynamoDbStateStoreOptions options, TimeProvider? timeProvider = null)
        : this(Checked(options), AwsClients.CreateDynamoDb(options.Connection), ownsClient: true, timeProvider)
    {
    }

    /// <summary>Uses a client the caller owns (and disposes).</summary>
    public DynamoDbStateStore(DynamoDbStateStoreOptions options, IAmazonDynamoDB client, TimeProvider? timeProvider = null)
        : this(Checked(options), client, ownsClient: false, timeProvider)
    {
    }

    private DynamoDbStateStore(DynamoDbStateStoreOptions options, IAmazonDynamoDB client, bool ownsClient, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        _options = options;
        _db = client;
        _ownsClient = ownsClient;
        var caller = new AwsCaller(options.Connection.Retry);
        var clock = timeProvider ?? TimeProvider.System;
        var name = options.TableName;
        _table = new DynamoTable(client, caller, name, StateKeys.Pk, StateKeys.Sk);
        _leases = new LeaseItems(client, caller, name, clock);
        _ledger = new LedgerItems(client, caller, name, options.WriteConcurrency);
        _runs = new RunItems(client, caller, name);
        _breakers = new BreakerItems(client, caller, name);
        _catalog = new StreamCatalog(client, caller, name);
    }

    public string Describe => _options.ToUrl();

    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
        => _table.EnsureCreatedAsync(_options.CreateTimeout, cancellationToken);

    public Task<Lease?> TryAcquireLeaseAsync(StreamId stream, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        return _leases.TryAcquireAsync(stream, owner, ttl, cancellationToken);
    }

    public Task<Lease?> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        return _leases.RenewAsync(lease, ttl, cancellationToken);
    }

    public Task ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return _leases.ReleaseAsync(lease, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, LedgerEntry>> GetLedgerAsync(StreamId stream, CancellationToken cancellationToken)
        => _ledger.GetAsync(stream, cancellationToken);

    /// <summary>
    /// Fences first (a conditional update of the lease item that holds only while the token is
    /// current), then puts each entry conditional on not existing. The puts are not fenced one by
    /// one: a takeover during them can only race entries that the old holder published under a
    /// valid lease, and no put ever overwrites an entry (docs/dynamodb.md, "Fencing").
    /// </summary>
    public async Task<bool> RecordAsync(Lease lease, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(entries);
        if (!await _leases.VerifyAsync(lease, cancellationToken))
        {
            return false;
        }
        if (entries.Count > 0)
        {
            await _catalog.RegisterAsync(lease.Stream, cancellationToken);
            await _ledger.PutAllAsync(lease.Stream, lease.Token, entries, cancellationToken);
        }
        return true;
    }

    public Task<int> ReadmitAsync(StreamId stream, IReadOnlyCollection<string>? identities, CancellationToken cancellationToken)
        => _ledger.ReadmitAsync(stream, identities, cancellationToken);

    public async Task AppendRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await _catalog.RegisterAsync(run.Stream, cancellationToken);
        await _runs.AppendAsync(run, cancellationToken);
    }

    public async Task<IReadOnlyList<RunRecord>> GetRunsAsync(StreamId? stream, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var streams = stream is { } one ? [one] : await _catalog.ListAsync(cancellationToken);
        var runs = new System.Collections.Concurrent.ConcurrentBag<RunRecord>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(streams, options, async (s, token) =>
        {
            foreach (var run in await _runs.GetAsync(s, since, token))
            {
                runs.Add(run);
            }
        });
        return [.. runs.OrderByDescending(r => r.Finished).ThenByDescending(r => r.LoadId, StringComparer.Ordinal)];
    }

    public Task<IReadOnlyList<StreamId>> ListStreamsAsync(CancellationToken cancellationToken)
        => _catalog.ListAsync(cancellationToken);

    public Task<BreakerState> GetBreakerAsync(StreamId stream, CancellationToken cancellationToken)
        => _breakers.GetAsync(stream, cancellationToken);

    /// <summary>Registers the stream in the catalog (so <see cref="ListOpenBreakersAsync"/> finds it), then one conditional PutItem.</summary>
    public async Task<BreakerState?> TryWriteBreakerAsync(BreakerState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await _catalog.RegisterAsync(state.Stream, cancellationToken);
        return await _breakers.TryWriteAsync(state, cancellationToken);
    }

    /// <summary>The catalog, then each stream's breaker item (8 reads at once).</summary>
    public async Task<IReadOnlyList<BreakerState>> ListOpenBreakersAsync(CancellationToken cancellationToken)
    {
        var streams = await _catalog.ListAsync(cancellationToken);
        var open = new System.Collections.Concurrent.ConcurrentBag<BreakerState>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(streams, options, async (s, token) =>
        {
            if (await _breakers.GetAsync(s, token) is { IsOpen: true } b)
            {
                open.Add(b);
            }
        });
        return [.. open.OrderBy(b => b.Stream.Key, StringComparer.Ordinal)];
    }

    public ValueTask DisposeAsync()
    {
        if (_ownsClient)
        {
            _db.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private static DynamoDbStateStoreOptions Checked(DynamoDbStateStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
