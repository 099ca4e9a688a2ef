using Stratum.Breaking;
using Stratum.Contracts;
using Stratum.Hosting.Checks;
using Stratum.Loading;
using Stratum.Monitoring;
using Stratum.Names;
using Stratum.Objects;
using Stratum.State;
using Stratum.Tenants;

namespace Stratum.Hosting;

/// <summary>
/// One pass over a deployment's streams — which streams, load them, probe them, check them — as
/// <c>stratum run</c>, <c>stratum check</c> and <c>stratum serve</c> do it (serve does all three each
/// cycle). The one place a <see cref="StreamLoader"/> is built for a deployment, and where each
/// stream's circuit breaker (<see cref="StreamBreaker"/>, kept in the state store) is consulted
/// before its load and told the outcome after.
/// </summary>
public sealed class StreamPass(IDeployment deployment)
{
    /// <summary>Called with every change of a stream's circuit breaker the pass makes (stored and counted already): hosts log it.</summary>
    public Action<BreakerTransition>? BreakerChanged { get; init; }

    /// <summary>The source of the breaker's jitter (seeded in tests); null for <see cref="Random.Shared"/>.</summary>
    public Random? BreakerRandom { get; init; }

    /// <summary>Every stream: the given tenants (all enabled ones when null) × the given contracts (all when null).</summary>
    public async Task<IReadOnlyList<(StreamId Stream, TableContract Contract)>> StreamsAsync(
        IReadOnlyList<TenantId>? tenants, IReadOnlyList<TableContract>? tables, CancellationToken cancellationToken)
    {
        var ids = tenants ?? await deployment.Tenants.ListEnabledAsync(cancellationToken);
        var contracts = tables ?? deployment.Contracts;
        return [.. from t in ids from c in contracts select (new StreamId(t, c.Table), c)];
    }

    /// <summary>
    /// The streams of <see cref="StreamsAsync"/> and what landed that will never be loaded
    /// (<see cref="LandingSurvey"/>). The root is surveyed only for a whole pass (no tenants, no
    /// tables given): a walk of the folders, never of the files (<see cref="LandingSurveyor"/>).
    /// Unreadable files inside a stream's folder are found by the stream's own listing, not here.
    /// </summary>
    public async Task<StreamSet> SurveyAsync(IReadOnlyList<TenantId>? tenants, IReadOnlyList<TableContract>? tables, CancellationToken cancellationToken)
    {
        if (tenants is not null || tables is not null)
        {
            return new StreamSet(await StreamsAsync(tenants, tables, cancellationToken), []);
        }
        var ids = await deployment.Tenants.ListEnabledAsync(cancellationToken);
        var streams = await StreamsAsync(ids, null, cancellationToken);
        IReadOnlySet<TenantId>? enabled = deployment.Tenants is FolderTenantRegistry ? null : ids.ToHashSet();
        var survey = await new LandingSurveyor(deployment.Objects)
            .SurveyAsync(enabled, deployment.Contracts.Select(c => c.Table).ToHashSet(), deployment.Tenants.Describe, cancellationToken);
        return new StreamSet(streams, survey.Unloadable);
    }

    /// <summary>A loader over the deployment's adapters and options.</summary>
    /// <param name="state">The deployment's state store, opened.</param>
    /// <param name="progress">Called as files are read and batches published.</param>
    /// <param name="stopRequested">A graceful stop: the loader finishes its current batch, then returns <c>stopped</c>.</param>
    public StreamLoader NewLoader(IStateStore state, Action<LoadProgress>? progress = null, CancellationToken stopRequested = default)
        => NewLoader(state, deployment.LoaderOptions, progress, stopRequested);

    /// <summary>The deployment's circuit breakers over <paramref name="state"/>, with its policy and clock.</summary>
    /// <param name="state">The deployment's state store, opened.</param>
    public StreamBreaker NewBreaker(IStateStore state) => NewBreaker(state, deployment.LoaderOptions);

    /// <summary>
    /// Loads every stream, at most <paramref name="parallel"/> at once; one stream's failure never
    /// stops the others (it is its run record's outcome). Records come back in the streams' order.
    /// A stream whose circuit breaker is open is not loaded: its record's outcome is
    /// <see cref="LoadOutcome.SkippedBreakerOpen"/> (logged in the run log), its error says until
    /// when and why. A half-open breaker lets one load through, on one worker; every load's outcome
    /// is then recorded in the breaker (docs/operations.md, "Circuit breaker").
    /// </summary>
    public async Task<IReadOnlyList<RunRecord>> LoadAsync(
        IReadOnlyList<(StreamId Stream, TableContract Contract)> streams, int parallel,
        Action<LoadProgress>? progress, CancellationToken stopRequested, CancellationToken cancellationToken)
    {
        var state = await deployment.StateAsync(cancellationToken);
        var options = deployment.LoaderOptions; // one worker, one owner: its leases and its trial claims
        var breaker = NewBreaker(state, options);
        var results = new RunRecord[streams.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, streams.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await LoadGatedAsync(state, breaker, NewLoader(state, options, progress, stopRequested), options.Owner,
                streams[i].Stream, streams[i].Contract, stopRequested, ct));
        return results;
    }

    /// <summary>
    /// Loads one stream by hand (<c>stratum load</c>) whatever its breaker says — a person asking
    /// for a load is a trial they chose — and records the outcome like any load's: a success
    /// closes an open breaker, a failure counts (and re-opens a half-open one).
    /// </summary>
    public async Task<RunRecord> LoadByHandAsync(StreamId stream, TableContract contract, Action<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        var state = await deployment.StateAsync(cancellationToken);
        var options = deployment.LoaderOptions;
        var run = await NewLoader(state, options, progress, default).LoadAsync(stream, contract, cancellationToken);
        await RecordAsync(NewBreaker(state, options), new BreakerGate(stream, options.Owner, BreakerDecision.Load, null), run, cancellationToken);
        return run;
    }

    private StreamLoader NewLoader(IStateStore state, LoaderOptions options, Action<LoadProgress>? progress, CancellationToken stopRequested)
        => new(deployment.Objects, state, deployment.Warehouse, deployment.Readers, options, deployment.Clock)
        {
            Progress = progress,
            StopRequested = stopRequested,
        };

    private StreamBreaker NewBreaker(IStateStore state, LoaderOptions options)
        => new(state, deployment.Breaker, deployment.Clock, options.LeaseTtl, BreakerRandom) { Changed = BreakerChanged };

    private async Task<RunRecord> LoadGatedAsync(IStateStore state, StreamBreaker breaker, StreamLoader loader, string owner,
        StreamId stream, TableContract contract, CancellationToken stopRequested, CancellationToken ct)
    {
        if (stopRequested.IsCancellationRequested)
        {
            return await loader.LoadAsync(stream, contract, ct); // stopped before it started: nothing read, nothing logged
        }
        BreakerGate gate;
        try
        {
            gate = await breaker.EnterAsync(stream, owner, ct);
        }
        catch (StratumException)
        {
            // A breaker that cannot be read never stops a load: the load meets the same store and says what is wrong.
            gate = new BreakerGate(stream, owner, BreakerDecision.Load, null);
        }
        if (gate.Skip)
        {
            return await SkippedAsync(state, gate, ct);
        }
        var run = await loader.LoadAsync(stream, contract, ct);
        await RecordAsync(breaker, gate, run, ct);
        return run;
    }

    private async Task<RunRecord> SkippedAsync(IStateStore state, BreakerGate gate, CancellationToken ct)
    {
        var now = deployment.Clock.GetUtcNow();
        var record = new RunRecord
        {
            LoadId = StreamLoader.NewLoadId(deployment.Clock),
            Stream = gate.Stream,
            Owner = gate.Owner,
            Started = now,
            Finished = now,
            Outcome = LoadOutcome.SkippedBreakerOpen,
            Error = $"{gate.Decision.Reason}; `stratum resume {gate.Stream}` closes it by hand",
        };
        try
        {
            await state.AppendRunAsync(record, ct);
        }
        catch (StratumException)
        {
            // The run log is information; the skip is returned all the same.
        }
        return record;
    }

    private static async Task RecordAsync(StreamBreaker breaker, BreakerGate gate, RunRecord run, CancellationToken ct)
    {
        try
        {
            await breaker.RecordAsync(gate, run, ct);
        }
        catch (StratumException)
        {
            // The breaker misses one outcome (the run log has it); the next load's outcome is recorded.
        }
    }

    /// <summary>Measures every stream (freshness, counts in the warehouse, the run log over the policy's success window) and checks the measures against the policy.</summary>
    public async Task<CheckedStreams> CheckAsync(StreamSet set, CheckPolicy policy, CancellationToken cancellationToken)
    {
        var probe = new StreamProbe(deployment.Objects, await deployment.StateAsync(cancellationToken), deployment.Warehouse, deployment.Clock)
        {
            Readers = deployment.Readers,
        };
        var report = await probe.MeasureAsync(set.Streams, policy.Defaults.SuccessWindow, cancellationToken) with { Landing = set.Unloadable };
        return new CheckedStreams(report, CheckRun.From(report, policy.ThresholdsFor, policy.Defaults));
    }
}
