using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Reading;
using Stratum.Warehouse;

namespace Stratum.Testing.InMemory;

/// <summary>
/// A warehouse for loader tests that never publish: it keeps tables' contracts (what a load checks
/// before its first batch) and fails every read of rows and every publish, so a test that reaches
/// one fails loudly. Counts the calls it got.
/// </summary>
public sealed class NonPublishingWarehouse(TimeProvider clock) : IWarehouse
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Identifier, StoredContract> _contracts = [];
    private int _calls;

    /// <summary>Every call made to it (the timestamp properties aside).</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The tables whose contract it holds.</summary>
    public IReadOnlyList<Identifier> Tables
    {
        get
        {
            lock (_lock)
            {
                return [.. _contracts.Keys];
            }
        }
    }

    public string Describe => "non-publishing test warehouse";

    public TimeSpan TimestampResolution => TimeSpan.FromTicks(10);

    public TimestampRange TimestampRange => TimestampRange.All;

    public DateRange DateRange => DateRange.All;

    public Task EnsureTableAsync(TableContract contract, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        lock (_lock)
        {
            _contracts.TryAdd(contract.Table, Stored(contract, StoredContract.Origins.Created));
        }
        return Task.CompletedTask;
    }

    public Task<StoredContract?> ReadContractAsync(Identifier table, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        lock (_lock)
        {
            return Task.FromResult(_contracts.GetValueOrDefault(table));
        }
    }

    public Task StoreContractAsync(TableContract contract, string origin, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        lock (_lock)
        {
            _contracts[contract.Table] = Stored(contract, origin);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(TableContract contract, TenantId tenant, IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken)
        => throw Refused(nameof(ReadHistoryAsync));

    public Task<IReadOnlyList<VersionRow>> ReadAllAsync(TableContract contract, TenantId tenant, CancellationToken cancellationToken)
        => throw Refused(nameof(ReadAllAsync));

    public Task<IPublication> BeginPublishAsync(TableContract contract, TenantId tenant, PublishFence? fence, CancellationToken cancellationToken)
        => throw Refused(nameof(BeginPublishAsync));

    public Task<TableStats> GetStatsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
        => throw Refused(nameof(GetStatsAsync));

    public Task<InvariantCounts> CountProblemsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
        => throw Refused(nameof(CountProblemsAsync));

    public Task PingAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private StoredContract Stored(TableContract contract, string origin)
    {
        var text = ContractFingerprint.CanonicalText(contract);
        return new StoredContract(contract.Table.Value, ContractFingerprint.OfText(text), text, clock.GetUtcNow().UtcDateTime, origin);
    }

    private InvalidOperationException Refused(string what)
    {
        Interlocked.Increment(ref _calls);
        return new InvalidOperationException($"{what}: this test warehouse does not hold or publish rows; the test took a path that publishes");
    }
}
