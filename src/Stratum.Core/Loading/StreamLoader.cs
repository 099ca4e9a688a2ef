using System.Globalization;
using Stratum.Contracts;
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
/// lease → pending files (<see cref="PendingFiles"/>: listed and not in the ledger) → per batch
/// (<see cref="BatchLoad"/>): read and validate, read the affected keys' history, plan, check the
/// plan against the invariants, publish atomically under a fence, record the files in the ledger
/// under the lease's token → release. A crash anywhere leaves files pending; loading them again
/// changes nothing that is already there.
/// </summary>
public sealed class StreamLoader
{
    private readonly IObjectStore _objects;
    private readonly IStateStore _state;
    private readonly IWarehouse _warehouse;
    private readonly IReadOnlyList<IFileReader> _readers;
    private readonly LoaderOptions _options;
    private readonly TimeProvider _clock;
    private readonly HashSet<Identifier> _ensured = [];

    public StreamLoader(IObjectStore objects, IStateStore state, IWarehouse warehouse, IReadOnlyList<IFileReader> readers, LoaderOptions options, TimeProvider clock)
    {
        _objects = objects;
        _state = state;
        _warehouse = warehouse;
        _readers = readers;
        _options = options;
        _clock = clock;
    }

    /// <summary>Called as the load goes (from the loading thread).</summary>
    public Action<LoadProgress>? Progress { get; init; }

    /// <summary>
    /// A graceful stop (a service shutting down): checked before the load starts and between
    /// batches, never inside one, so a batch is published and recorded whole; the lease is released
    /// and the rest of the files stay pending (outcome <see cref="LoadOutcome.Stopped"/>). The
    /// cancellation token of <see cref="LoadAsync"/> is the hard stop.
    /// </summary>
    public CancellationToken StopRequested { get; init; }

    public async Task<RunRecord> LoadAsync(StreamId stream, TableContract contract, CancellationToken cancellationToken)
    {
        var run = new LoadRun(stream, NewLoadId(_clock), _objects, _state, _warehouse, _readers, _options, _clock, Progress);
        if (StopRequested.IsCancellationRequested)
        {
            return run.Tally.Build(LoadOutcome.Stopped, "stopped before it started", _clock.GetUtcNow()); // nothing done, nothing logged
        }
        using var activity = StratumTelemetry.Start(SpanNames.Load, stream);
        run.Telemetry = new LoadTelemetry(stream, _clock);
        run.Activity = activity;
        Lease? lease = null;
        try
        {
            using (StratumTelemetry.Start(SpanNames.LeaseAcquire, stream))
            {
                lease = await run.RetryAsync(async ct => await _state.TryAcquireLeaseAsync(stream, _options.Owner, _options.LeaseTtl, ct), cancellationToken);
                run.Lease = lease;
            }
            if (lease is null)
            {
                run.Telemetry.LeaseHeldElsewhere();
                return await FinishAsync(run, LoadOutcome.SkippedLeaseHeld, null, cancellationToken);
            }
            var ledger = await run.RetryAsync(async ct => await _state.GetLedgerAsync(stream, ct), cancellationToken);
            var pending = await PendingFiles.FindAsync(run, ledger, cancellationToken);
            run.Telemetry.Listed(ledger, pending, run.Tally.FilesAlreadyLoaded);
            if (pending.Count == 0)
            {
                return await FinishAsync(run, LoadOutcome.NothingPending, null, cancellationToken);
            }
            await EnsureTableAsync(run, contract, cancellationToken); // not before: a no-op run never opens the warehouse
            SnapshotLine? snapshots = null;
            if (contract.Snapshot)
            {
                pending = PendingFiles.OldestSnapshotFirst(pending, contract, _warehouse.TimestampResolution);
                snapshots = PendingFiles.LoadedSnapshots(ledger);
            }
            var done = 0;
            foreach (var batch in PendingFiles.Batches(pending, contract.Snapshot, _options))
            {
                if (StopRequested.IsCancellationRequested)
                {
                    return await FinishAsync(run, LoadOutcome.Stopped, $"stopped between batches; {pending.Count - done} files left pending", cancellationToken);
                }
                lease = await run.RenewAsync(lease, cancellationToken);
                if (lease is null)
                {
                    return await FinishAsync(run, LoadOutcome.LostLease, "the lease was lost before reading a batch", cancellationToken);
                }
                if (await BatchLoad.LoadAsync(run, contract, batch, snapshots, lease, cancellationToken) is { } end)
                {
                    return await FinishAsync(run, end.Outcome, end.Error, cancellationToken);
                }
                done += batch.Count;
                Progress?.Invoke(new LoadProgress(stream, done, pending.Count, run.Tally.RowsRead, "committed"));
            }
            return await FinishAsync(run, LoadOutcome.Loaded, run.Tally.ChangedNote(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return await FinishAsync(run, LoadOutcome.Failed, Describe(e), CancellationToken.None);
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

    /// <summary>
    /// The table exists and was written under this contract (docs/contracts.md, "Changing a
    /// contract"); once per table per loader.
    /// </summary>
    private async Task EnsureTableAsync(LoadRun run, TableContract contract, CancellationToken ct)
    {
        lock (_ensured)
        {
            if (_ensured.Contains(contract.Table))
            {
                return;
            }
        }
        var stored = await run.RetryAsync(async token => await _warehouse.ReadContractAsync(contract.Table, token), ct);
        if (stored is not null && stored.Fingerprint != ContractFingerprint.Of(contract))
        {
            throw new Migration.ContractChangedException(contract.Table.Value, Migration.ContractDiff.Between(stored.Parse(), contract));
        }
        await run.RetryAsync(async token =>
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

    private async Task<RunRecord> FinishAsync(LoadRun run, LoadOutcome outcome, string? error, CancellationToken ct)
    {
        var record = run.Tally.Build(outcome, error, _clock.GetUtcNow());
        run.Telemetry?.Finished(record, run.Activity);
        try
        {
            await run.RetryAsync(token => _state.AppendRunAsync(record, token), ct);
        }
        catch (Exception e) when (Transient.Is(e))
        {
            // The run log is information; a load is not failed for want of it.
        }
        return record;
    }

    /// <summary>A run's id: its start time and a random part (<c>20250621T100000Z-1a2b3c4d5e</c>).</summary>
    public static string NewLoadId(TimeProvider clock)
        => clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..10];

    private static string Describe(Exception e) => e is StratumException ? e.Message : $"{e.GetType().Name}: {e.Message}";
}
