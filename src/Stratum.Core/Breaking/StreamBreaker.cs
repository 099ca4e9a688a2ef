using Stratum.Names;
using Stratum.State;
using Stratum.Telemetry;

namespace Stratum.Breaking;

/// <summary>
/// The circuit breakers of a deployment's streams, over the state store's <see cref="IBreakerStore"/>
/// so that every worker and every invocation sees the same ones: <see cref="EnterAsync"/> before a
/// load (load, claim the one trial, or skip), <see cref="RecordAsync"/> after it, <see cref="CloseAsync"/>
/// by hand. Each step is <see cref="BreakerMachine"/>'s, written conditionally on the version read
/// and done again from a fresh read when another worker wrote first. Counts transitions and skips
/// (<see cref="StratumTelemetry.BreakerTransitions"/>, <see cref="StratumTelemetry.BreakerSkips"/>)
/// and keeps the open-breaker gauge current. With the policy off it reads and writes nothing.
/// </summary>
public sealed class StreamBreaker
{
    /// <summary>Conditional writes tried before giving up on a contended breaker.</summary>
    public const int Attempts = 5;

    private readonly IBreakerStore _store;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _trialTimeout;
    private readonly Random _random;
    private readonly Lock _randomLock = new();

    /// <param name="store">where the breakers are kept (the deployment's state store)</param>
    /// <param name="policy">when a breaker opens and for how long</param>
    /// <param name="clock">the time decisions are made at</param>
    /// <param name="trialTimeout">How long a trial claim holds other workers off if its worker never records the outcome (a crash): the loader's lease TTL, since a running trial renews its lease and any other worker would find the lease held.</param>
    /// <param name="random">the jitter's source (seeded in tests; <see cref="Random.Shared"/> otherwise)</param>
    public StreamBreaker(IBreakerStore store, BreakerPolicy policy, TimeProvider clock, TimeSpan trialTimeout, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(clock);
        _store = store;
        Policy = policy;
        _clock = clock;
        _trialTimeout = trialTimeout > TimeSpan.Zero ? trialTimeout : TimeSpan.FromMinutes(2);
        _random = random ?? Random.Shared;
    }

    public BreakerPolicy Policy { get; }

    /// <summary>Called with every transition this breaker wrote (stored and counted already).</summary>
    public Action<BreakerTransition>? Changed { get; init; }

    /// <summary>Before a load by <paramref name="owner"/>: load, load as the one trial (claimed), or skip.</summary>
    public async Task<BreakerGate> EnterAsync(StreamId stream, string owner, CancellationToken cancellationToken)
    {
        if (!Policy.Enabled)
        {
            return new(stream, owner, BreakerDecision.Load, null);
        }
        for (var attempt = 1; ; attempt++)
        {
            var state = await _store.GetBreakerAsync(stream, cancellationToken);
            StratumTelemetry.Breakers.Update(state);
            var now = _clock.GetUtcNow();
            if (state.TrialRunning(now) && string.Equals(state.TrialOwner, owner, StringComparison.Ordinal))
            {
                return new(stream, owner, BreakerDecision.Trial, state); // claimed by an earlier try whose answer was lost
            }
            var decision = BreakerMachine.Decide(state, now);
            if (decision.Action == BreakerAction.Trial)
            {
                var step = BreakerMachine.ClaimTrial(state, owner, now, _trialTimeout);
                if (await _store.TryWriteBreakerAsync(step.Next!, cancellationToken) is { } claimed)
                {
                    Announce(step.Transition! with { State = claimed });
                    return new(stream, owner, decision, claimed);
                }
                if (attempt < Attempts)
                {
                    continue; // another worker wrote first: most likely its own claim, which the next read shows
                }
                decision = new(BreakerAction.Skip, null, "the circuit breaker is half-open and other workers kept changing it; the next pass tries again");
            }
            if (decision.Action == BreakerAction.Skip)
            {
                StratumTelemetry.BreakerSkips.Add(1, StratumTelemetry.Tags(stream));
            }
            return new(stream, owner, decision, state);
        }
    }

    /// <summary>After the load <paramref name="gate"/> let through: counts a failure, opens, closes or re-opens. The transition, if any.</summary>
    public async Task<BreakerTransition?> RecordAsync(BreakerGate gate, RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(run);
        if (!Policy.Enabled || gate.Skip)
        {
            return null;
        }
        var state = gate.State;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            state ??= await _store.GetBreakerAsync(gate.Stream, cancellationToken);
            var step = BreakerMachine.After(state, run.Outcome, run.Error, gate.Owner, _clock.GetUtcNow(), Policy, Draw());
            if (step.Next is null)
            {
                return null; // nothing changes: a successful load of a closed breaker writes nothing
            }
            if (await WriteAsync(step, cancellationToken) is { } done)
            {
                return done.Transition;
            }
            state = null; // another worker wrote first: again from what it wrote
        }
        return null;
    }

    /// <summary>Closes the stream's breaker by hand (<c>stratum resume</c>): the transition, or null when it was closed already.</summary>
    public async Task<BreakerTransition?> CloseAsync(StreamId stream, string by, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = await _store.GetBreakerAsync(stream, cancellationToken);
            var step = BreakerMachine.Close(state, by, _clock.GetUtcNow());
            if (step.Next is null)
            {
                StratumTelemetry.Breakers.Update(state);
                return null;
            }
            if (await WriteAsync(step, cancellationToken) is { } done)
            {
                return done.Transition;
            }
            if (attempt >= Attempts)
            {
                throw new StratumException($"{stream}: the circuit breaker kept changing while it was being closed ({Attempts} tries); try again", isTransient: true);
            }
        }
    }

    private async Task<(BreakerState State, BreakerTransition? Transition)?> WriteAsync(BreakerStep step, CancellationToken ct)
    {
        if (await _store.TryWriteBreakerAsync(step.Next!, ct) is not { } written)
        {
            return null;
        }
        StratumTelemetry.Breakers.Update(written);
        var transition = step.Transition is { } t ? t with { State = written } : null;
        if (transition is not null)
        {
            Announce(transition);
        }
        return (written, transition);
    }

    private void Announce(BreakerTransition t)
    {
        StratumTelemetry.Breakers.Update(t.State);
        var tags = StratumTelemetry.With(StratumTelemetry.With(StratumTelemetry.Tags(t.Stream), StratumTelemetry.FromTag, BreakerTransition.Text(t.From)),
            StratumTelemetry.ToTag, BreakerTransition.Text(t.To));
        StratumTelemetry.BreakerTransitions.Add(1, tags);
        Changed?.Invoke(t);
    }

    private double Draw()
    {
        lock (_randomLock)
        {
            return _random.NextDouble();
        }
    }
}
