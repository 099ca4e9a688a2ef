using Stratum.Contracts;
using Stratum.Hashing;
using Stratum.Invariants;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.Reading;
using Stratum.State;
using Stratum.Warehouse;

namespace Stratum.Testing;

/// <summary>
/// The stale writer (issue 10): worker A renews its lease, starts its publish and is frozen past
/// the TTL; worker B acquires, publishes and records newer files; A resumes. Whatever A does then,
/// every committed file's versions must be in the table exactly once. Each warehouse runs it with
/// its own freeze point: <see cref="FrozenWarehouse"/> freezes A at the start of its publish (any
/// warehouse); an adapter may freeze it deeper (ClickHouse: staging filled, swap not yet sent).
/// Against a publish without a fence, A's late publish overwrites B's versions and the test fails.
/// </summary>
public sealed class StaleWriterScenario
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    /// <summary>The contract of every type (<see cref="TestContracts.AllTypes"/>) as table <c>stale_rows</c>.</summary>
    public static readonly TableContract DefaultContract = TestContracts.AllTypes("stale_rows");

    public TableContract Contract { get; init; } = DefaultContract;
    public StreamId Stream { get; init; } = new(TenantId.Parse("acme"), DefaultContract.Table);
    public required IObjectStore Objects { get; init; }
    public required IReadOnlyList<IFileReader> Readers { get; init; }

    /// <summary>Writes a data file of the contract's columns (CSV, Parquet … from Stratum.Formats).</summary>
    public required Func<Stream, IReadOnlyList<object?[]>, Task> WriteFile { get; init; }

    /// <summary>A state store of the worker's own (each worker has its own connection, as processes would).</summary>
    public required Func<IStateStore> NewState { get; init; }

    /// <summary>A warehouse for B and the checks.</summary>
    public required Func<IWarehouse> NewWarehouse { get; init; }

    /// <summary>A's warehouse: calls the given freeze (it returns when the test lets A go on) at the worst moment.</summary>
    public required Func<Func<CancellationToken, Task>, IWarehouse> NewFrozenWarehouse { get; init; }

    public int Keys { get; init; } = 20;

    /// <summary>Every worker's <see cref="LoaderOptions.BatchRows"/>: below <see cref="Keys"/>, a file is published in chunks.</summary>
    public long BatchRows { get; init; } = new LoaderOptions().BatchRows;

    public sealed record Outcome(RunRecord A, RunRecord B, IReadOnlyList<string> Expected, IReadOnlyList<string> Actual, IReadOnlyList<Violation> Violations, RunRecord Final);

    public async Task<Outcome> RunAsync()
    {
        var at = new DateTime(2025, 6, 21, 9, 0, 0, DateTimeKind.Utc);
        var first = Rows(at, "v1");
        var second = Rows(at.AddHours(1), "v2");
        await LandAsync("2025-06-21T09-00-00Z.csv", first);

        var options = new LoaderOptions { LeaseTtl = Ttl, RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(50), BatchRows = BatchRows };
        await using var stateA = NewState();
        await stateA.EnsureCreatedAsync(default);
        var frozen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var froze = 0;
        await using var warehouseA = NewFrozenWarehouse(async ct =>
        {
            if (Interlocked.Exchange(ref froze, 1) == 0)
            {
                frozen.SetResult();
                await resume.Task.WaitAsync(ct);
            }
        });
        var loaderA = new StreamLoader(Objects, stateA, warehouseA, Readers, options with { Owner = "A" }, TimeProvider.System);
        var runA = Task.Run(() => loaderA.LoadAsync(Stream, Contract, default));
        await Task.WhenAny(frozen.Task, runA).Unwrap();
        Assert.True(frozen.Task.IsCompleted, $"A never reached its publish: {(runA.IsCompleted ? runA.Result.Outcome + " " + runA.Result.Error : "")}");

        // While A is frozen, newer files land; B waits out A's lease, then loads and records everything.
        await LandAsync("2025-06-21T10-00-00Z.csv", second);
        await using var stateB = NewState();
        await using var warehouseB = NewWarehouse();
        var loaderB = new StreamLoader(Objects, stateB, warehouseB, Readers, options with { Owner = "B" }, TimeProvider.System);
        RunRecord runB;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            runB = await loaderB.LoadAsync(Stream, Contract, default);
            if (runB.Outcome == LoadOutcome.SkippedLeaseHeld)
            {
                await Task.Delay(100);
            }
        }
        while (runB.Outcome == LoadOutcome.SkippedLeaseHeld && DateTime.UtcNow < deadline);
        Assert.Equal(LoadOutcome.Loaded, runB.Outcome);
        var ledger = await stateB.GetLedgerAsync(Stream, default);
        Assert.Equal(2, ledger.Values.Count(e => e.Status == FileStatus.Committed));

        // A wakes up past its TTL and carries on with its publish.
        resume.SetResult();
        var a = await runA.WaitAsync(TimeSpan.FromSeconds(60));

        // Whatever is still pending is loaded by a fresh worker; then the table must hold every version once.
        await using var stateC = NewState();
        await using var warehouseC = NewWarehouse();
        var final = await new StreamLoader(Objects, stateC, warehouseC, Readers, options with { Owner = "C" }, TimeProvider.System).LoadAsync(Stream, Contract, default);
        var table = await warehouseC.ReadAllAsync(Contract, Stream.Tenant, default);
        var expected = Expected([.. first, .. second], warehouseC.TimestampResolution);
        return new Outcome(a, runB, expected, Canonical(table), InvariantChecker.Check(table), final);
    }

    private List<object?[]> Rows(DateTime at, string text)
        => [.. Enumerable.Range(0, Keys).Select(i => Row($"k{i:D3}", at, $"{text}-{i}"))];

    /// <summary>A row of <see cref="TestContracts.AllTypes"/>.</summary>
    public static object?[] Row(string id, DateTime updatedAt, string name)
        => [id, updatedAt, name, 1L, 0.5, 1.25m, true, new DateOnly(2025, 6, 21), null, "c", 7L, false];

    private async Task LandAsync(string name, IReadOnlyList<object?[]> rows)
    {
        using var body = new MemoryStream();
        await WriteFile(body, rows);
        body.Position = 0;
        await Objects.PutAsync(Stream.Prefix + name, body, default);
    }

    /// <summary>The reference: every file planned at once, in memory, from an empty history.</summary>
    private List<string> Expected(IEnumerable<object?[]> rows, TimeSpan resolution)
    {
        var hasher = new RowHasher(Contract);
        var incoming = rows.Select(values =>
        {
            var t = (DateTime)values[Contract.EventTimeOrdinal]!;
            t = new DateTime(t.Ticks - (t.Ticks % resolution.Ticks), DateTimeKind.Utc);
            var copy = (object?[])values.Clone();
            copy[Contract.EventTimeOrdinal] = t;
            return new IncomingRow(RowKey.FromRow(Contract, copy), t, hasher.Hash(copy), false, copy, "reference");
        });
        return Canonical(new ScdPlanner(Contract).Plan([], incoming, "reference").AllRows);
    }

    /// <summary>What must match: key, interval, currency and content hash of every version.</summary>
    public static List<string> Canonical(IEnumerable<VersionRow> rows)
        => [.. rows.Select(r => $"{r.Key.Text}|{r.EffectiveDate:O}|{r.ExpirationDate:O}|{r.IsCurrent}|{r.Hash}").Order(StringComparer.Ordinal)];

    /// <summary>The checks every warehouse's test makes of the outcome.</summary>
    public static void AssertSafe(Outcome o)
    {
        Assert.Equal(LoadOutcome.Loaded, o.B.Outcome);
        Assert.Equal(LoadOutcome.LostLease, o.A.Outcome);
        Assert.Empty(o.Violations);
        Assert.Equal(o.Expected, o.Actual);
        Assert.Equal(LoadOutcome.NothingPending, o.Final.Outcome);
    }
}

/// <summary>A warehouse that forwards everything to another; tests override what they change (the publish).</summary>
public class DelegatingWarehouse(IWarehouse inner) : IWarehouse
{
    protected IWarehouse Inner => inner;
    public string Describe => inner.Describe;
    public TimeSpan TimestampResolution => inner.TimestampResolution;
    public Stratum.Reading.TimestampRange TimestampRange => inner.TimestampRange;
    public Stratum.Reading.DateRange DateRange => inner.DateRange;
    public Task EnsureTableAsync(TableContract contract, CancellationToken cancellationToken) => inner.EnsureTableAsync(contract, cancellationToken);
    public Task<StoredContract?> ReadContractAsync(Identifier table, CancellationToken cancellationToken) => inner.ReadContractAsync(table, cancellationToken);
    public Task StoreContractAsync(TableContract contract, string origin, CancellationToken cancellationToken) => inner.StoreContractAsync(contract, origin, cancellationToken);
    public Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(TableContract contract, TenantId tenant, IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken)
        => inner.ReadHistoryAsync(contract, tenant, keys, cancellationToken);
    public Task<IReadOnlyList<VersionRow>> ReadAllAsync(TableContract contract, TenantId tenant, CancellationToken cancellationToken) => inner.ReadAllAsync(contract, tenant, cancellationToken);
    public virtual Task<IPublication> BeginPublishAsync(TableContract contract, TenantId tenant, PublishFence? fence, CancellationToken cancellationToken)
        => inner.BeginPublishAsync(contract, tenant, fence, cancellationToken);
    public Task<TableStats> GetStatsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken) => inner.GetStatsAsync(contract, tenant, cancellationToken);
    public Task<InvariantCounts> CountProblemsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken) => inner.CountProblemsAsync(contract, tenant, cancellationToken);
    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
    public virtual ValueTask DisposeAsync() => inner.DisposeAsync();
}

/// <summary>A warehouse that calls a freeze in every publication (after a chunk is planned, before it is written), then publishes as the inner one does.</summary>
/// <remarks>A publication (<see cref="IPublication"/>) is frozen before its <paramref name="atWrite"/>-th chunk is written: 1, after the first chunk is planned; 2, with one chunk written.</remarks>
public sealed class FrozenWarehouse(IWarehouse inner, Func<CancellationToken, Task> freeze, int atWrite = 1) : DelegatingWarehouse(inner)
{
    public override async Task<IPublication> BeginPublishAsync(TableContract contract, TenantId tenant, PublishFence? fence, CancellationToken cancellationToken)
        => new FrozenPublication(await Inner.BeginPublishAsync(contract, tenant, fence, cancellationToken), freeze, atWrite);

    private sealed class FrozenPublication(IPublication inner, Func<CancellationToken, Task> freeze, int atWrite) : IPublication
    {
        private int _writes;

        public Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken) => inner.ReadHistoryAsync(keys, cancellationToken);

        public async Task AddAsync(IReadOnlyList<KeyPlan> changed, CancellationToken cancellationToken)
        {
            if (++_writes == atWrite)
            {
                await freeze(cancellationToken);
            }
            await inner.AddAsync(changed, cancellationToken);
        }

        public Task CommitAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
