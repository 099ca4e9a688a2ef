using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Reading;
using Stratum.Testing.InMemory;
using Stratum.Warehouse;

namespace Stratum.Hosting.Tests;

/// <summary>
/// A warehouse for breaker tests: while <see cref="Refusing"/> it refuses every publish (as a
/// warehouse over its memory limit does: a non-transient error, so the load ends <c>failed</c>);
/// otherwise it accepts them, holding no rows (every history is empty). Tables' contracts are kept
/// by a <see cref="NonPublishingWarehouse"/>. <see cref="DuringPublish"/> runs inside the next
/// accepted publish (another worker's pass, say).
/// </summary>
internal sealed class RefusingWarehouse(TimeProvider clock) : IWarehouse
{
    private readonly NonPublishingWarehouse _contracts = new(clock);
    private int _refused;
    private int _published;

    public volatile bool Refusing = true;

    /// <summary>Publishes refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Publishes committed so far.</summary>
    public int Published => Volatile.Read(ref _published);

    public Func<Task>? DuringPublish { get; set; }

    public string Describe => "refusing test warehouse";
    public TimeSpan TimestampResolution => _contracts.TimestampResolution;
    public TimestampRange TimestampRange => _contracts.TimestampRange;
    public DateRange DateRange => _contracts.DateRange;

    public Task EnsureTableAsync(TableContract contract, CancellationToken cancellationToken) => _contracts.EnsureTableAsync(contract, cancellationToken);
    public Task<StoredContract?> ReadContractAsync(Identifier table, CancellationToken cancellationToken) => _contracts.ReadContractAsync(table, cancellationToken);
    public Task StoreContractAsync(TableContract contract, string origin, CancellationToken cancellationToken) => _contracts.StoreContractAsync(contract, origin, cancellationToken);

    public Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(TableContract contract, TenantId tenant, IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<VersionRow>>([]);

    public Task<IReadOnlyList<VersionRow>> ReadAllAsync(TableContract contract, TenantId tenant, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<VersionRow>>([]);

    public Task<IPublication> BeginPublishAsync(TableContract contract, TenantId tenant, PublishFence? fence, CancellationToken cancellationToken)
    {
        if (Refusing)
        {
            Interlocked.Increment(ref _refused);
            throw new StratumException("the warehouse refused the publish: Code: 241. DB::Exception: Memory limit (total) exceeded", isTransient: false);
        }
        return Task.FromResult<IPublication>(new Publication(this));
    }

    public Task<TableStats> GetStatsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
        => Task.FromResult(new TableStats(0, 0, 0, null));

    public Task<InvariantCounts> CountProblemsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
        => Task.FromResult(InvariantCounts.None);

    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Publication(RefusingWarehouse warehouse) : IPublication
    {
        public Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<VersionRow>>([]);

        public Task AddAsync(IReadOnlyList<KeyPlan> changed, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (warehouse.DuringPublish is { } during)
            {
                warehouse.DuringPublish = null;
                await during();
            }
            Interlocked.Increment(ref warehouse._published);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Reads any <c>.row</c> file as one row of <see cref="Testing.TestContracts.CompositeKey"/>: id and sub from the file's name.</summary>
internal sealed class OneRowReader : IFileReader
{
    public bool CanRead(string key) => key.EndsWith(".row", StringComparison.Ordinal);

    public async IAsyncEnumerable<object?[]> ReadAsync(Stream content, string key, TableContract contract, ReadOptions options,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await content.CopyToAsync(Stream.Null, cancellationToken);
        var name = Path.GetFileNameWithoutExtension(key);
        yield return [name, "s", new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc), "row " + name];
    }
}
