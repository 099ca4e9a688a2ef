using System.Diagnostics;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Reading;
using Stratum.State;
using Stratum.Telemetry;
using Stratum.Warehouse;

namespace Stratum.Loading;

/// <summary>
/// One run of a <see cref="StreamLoader"/> over one stream, as every step of it sees it: the ports,
/// the settings and the clock, the lease as last acquired or renewed, the counts so far
/// (<see cref="Tally"/>), progress, and the one retry layer, which the lease bounds.
/// </summary>
internal sealed class LoadRun
{
    private readonly Transient _retry;
    private readonly Action<LoadProgress>? _progress;

    public LoadRun(StreamId stream, string loadId, IObjectStore objects, IStateStore state, IWarehouse warehouse, IReadOnlyList<IFileReader> readers,
        LoaderOptions options, TimeProvider clock, Action<LoadProgress>? progress)
    {
        Objects = objects;
        State = state;
        Warehouse = warehouse;
        Readers = readers;
        Options = options;
        Clock = clock;
        _progress = progress;
        _retry = new Transient(options, clock);
        Tally = new RunTally(stream, options.Owner, loadId, clock.GetUtcNow());
    }

    public IObjectStore Objects { get; }
    public IStateStore State { get; }
    public IWarehouse Warehouse { get; }
    public IReadOnlyList<IFileReader> Readers { get; }
    public LoaderOptions Options { get; }
    public TimeProvider Clock { get; }
    public RunTally Tally { get; }
    public StreamId Stream => Tally.Stream;
    public string LoadId => Tally.LoadId;

    /// <summary>The lease as last acquired or renewed (null before, or once lost): it bounds every retry.</summary>
    public Lease? Lease { get; set; }

    public LoadTelemetry? Telemetry { get; set; }

    public Activity? Activity { get; set; }

    public void Report(LoadProgress progress) => _progress?.Invoke(progress);

    /// <summary>Renews <paramref name="lease"/> (retried as any call); null when it was lost.</summary>
    public async Task<Lease?> RenewAsync(Lease lease, CancellationToken ct)
    {
        using var span = StratumTelemetry.Start(SpanNames.LeaseRenew, lease.Stream);
        var renewed = await RetryAsync(async token => await State.RenewLeaseAsync(lease, Options.LeaseTtl, token), ct);
        Lease = renewed;
        return renewed;
    }

    /// <summary>
    /// The one retry layer: under a lease, never past its expiry less a tenth of the TTL; before
    /// one (or after it is released), for at most one TTL from now.
    /// </summary>
    public Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        var unleased = Clock.GetUtcNow() + Options.LeaseTtl;
        return _retry.RunAsync(
            operation,
            () => Lease is { } l ? l.ExpiresAt - (Options.LeaseTtl / 10) : unleased,
            busy => Report(new LoadProgress(Stream, 0, 0, Tally.RowsRead, "waiting", busy.Resource)),
            ct);
    }

    /// <summary><see cref="RetryAsync{T}"/> for an operation without a result.</summary>
    public Task RetryAsync(Func<CancellationToken, Task> operation, CancellationToken ct)
        => RetryAsync(async token =>
        {
            await operation(token);
            return true;
        }, ct);
}
