using System.Globalization;
using Stratum.State;

namespace Stratum.Breaking;

/// <summary>A state to write (null: nothing changes) and the phase change it makes, if any.</summary>
public sealed record BreakerStep(BreakerState? Next, BreakerTransition? Transition)
{
    public static BreakerStep None { get; } = new(null, null);
}

/// <summary>
/// The circuit breaker of one stream as a pure state machine: the same state, outcome, time and
/// random draw give the same step. Only <see cref="LoadOutcome.Failed"/> counts as a failure
/// (a warehouse that refuses, a fault that outlived its retries, a contract that changed);
/// <see cref="LoadOutcome.Loaded"/> and <see cref="LoadOutcome.NothingPending"/> are successes;
/// quarantined files are not failures (the load succeeded for the rest); the other outcomes —
/// another worker's lease, a lost lease, a graceful stop, a skip — change nothing (a trial that
/// ends so gives its claim back, and the breaker stays half-open for the next pass).
/// </summary>
public static class BreakerMachine
{
    /// <summary>Kept of a failed load's error in the breaker (the run log has it whole).</summary>
    public const int ErrorKept = 1000;

    /// <summary>What a pass does with the stream now.</summary>
    public static BreakerDecision Decide(BreakerState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.PhaseAt(now) switch
        {
            BreakerPhase.Closed => BreakerDecision.Load,
            BreakerPhase.Open => new(BreakerAction.Skip, state.OpenUntil,
                $"the circuit breaker is open until {Time(state.OpenUntil!.Value)} after {Failures(state.ConsecutiveFailures)} in a row{Last(state)}; one trial load follows"),
            _ when state.TrialRunning(now) => new(BreakerAction.Skip, state.TrialUntil,
                $"the circuit breaker is half-open and a trial load by {state.TrialOwner} is running (claimed until {Time(state.TrialUntil!.Value)}){Last(state)}"),
            _ => BreakerDecision.Trial,
        };
    }

    /// <summary>
    /// The trial claim of a half-open breaker: <paramref name="owner"/> loads once; other workers
    /// skip until its outcome is recorded or <paramref name="timeout"/> passes (a crashed trial).
    /// </summary>
    public static BreakerStep ClaimTrial(BreakerState state, string owner, DateTimeOffset now, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        if (state.PhaseAt(now) != BreakerPhase.HalfOpen || state.TrialRunning(now))
        {
            return BreakerStep.None;
        }
        var next = state with { TrialOwner = owner, TrialUntil = Ms(now + timeout), ChangedAt = Ms(now) };
        return new(next, new(state.Stream, BreakerPhase.Open, BreakerPhase.HalfOpen, Ms(now),
            $"back-off of {Duration(state.Backoff)} over; one trial load by {owner}", next));
    }

    /// <summary>
    /// The breaker after a load by <paramref name="owner"/> ended with <paramref name="outcome"/>.
    /// <paramref name="random"/> is a draw in [0, 1) for the jitter of a new back-off.
    /// </summary>
    /// <param name="state">the breaker as stored now</param>
    /// <param name="outcome">how the load ended</param>
    /// <param name="error">the load's error, if any</param>
    /// <param name="owner">the worker that loaded (its trial claim, if it holds one, is settled)</param>
    /// <param name="now">when the load ended</param>
    /// <param name="policy">when to open and how long to wait</param>
    /// <param name="random">a draw in [0, 1) for the jitter</param>
    public static BreakerStep After(BreakerState state, LoadOutcome outcome, string? error, string owner, DateTimeOffset now, BreakerPolicy policy, double random)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        var phase = state.PhaseAt(now);
        var mine = state.TrialOwner is not null && string.Equals(state.TrialOwner, owner, StringComparison.Ordinal);
        now = Ms(now);
        switch (outcome)
        {
            case LoadOutcome.Failed:
            {
                var counted = state with { ConsecutiveFailures = state.ConsecutiveFailures + 1, LastError = Kept(error), ChangedAt = now };
                if (phase == BreakerPhase.Closed)
                {
                    if (!policy.Enabled || counted.ConsecutiveFailures < policy.Failures)
                    {
                        return new(counted, null);
                    }
                    var wait = Wait(policy.Backoff, policy, random);
                    var opened = counted with { OpenedAt = now, OpenUntil = now + wait, Backoff = policy.Backoff, TrialOwner = null, TrialUntil = null };
                    return new(opened, new(state.Stream, BreakerPhase.Closed, BreakerPhase.Open, now,
                        $"{Failures(opened.ConsecutiveFailures)} in a row{Last(opened)}; passes skip the stream for {Duration(wait)}, until {Time(opened.OpenUntil!.Value)}", opened));
                }
                if (phase == BreakerPhase.HalfOpen)
                {
                    // The trial failed (or a load that began before the breaker opened ended after its back-off).
                    var backoff = Min(state.Backoff > TimeSpan.Zero ? state.Backoff * 2 : policy.Backoff, policy.MaxBackoff);
                    var wait = Wait(backoff, policy, random);
                    var reopened = counted with { OpenUntil = now + wait, Backoff = backoff, TrialOwner = null, TrialUntil = null };
                    return new(reopened, new(state.Stream, BreakerPhase.HalfOpen, BreakerPhase.Open, now,
                        $"the trial load failed{Last(reopened)}; back-off now {Duration(backoff)}: passes skip the stream until {Time(reopened.OpenUntil!.Value)}", reopened));
                }
                return new(counted, null); // open, and this load began before another worker opened it
            }
            case LoadOutcome.Loaded or LoadOutcome.NothingPending:
            {
                if (phase == BreakerPhase.Closed)
                {
                    return state.ConsecutiveFailures == 0 && state.LastError is null
                        ? BreakerStep.None
                        : new(state with { ConsecutiveFailures = 0, LastError = null, ChangedAt = now }, null);
                }
                var closed = BreakerState.Closed(state.Stream) with { Version = state.Version, ChangedAt = now };
                return new(closed, new(state.Stream, phase, BreakerPhase.Closed, now,
                    mine ? $"the trial load by {owner} succeeded ({outcome.Text()})" : $"a load by {owner} succeeded ({outcome.Text()})", closed));
            }
            default:
                return mine
                    ? new(state with { TrialOwner = null, TrialUntil = null, ChangedAt = now }, null) // the trial did not happen: the next pass tries
                    : BreakerStep.None;
        }
    }

    /// <summary>Closes the breaker by hand (<c>stratum resume</c>) and forgets the failures counted.</summary>
    public static BreakerStep Close(BreakerState state, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        now = Ms(now);
        var closed = BreakerState.Closed(state.Stream) with { Version = state.Version, ChangedAt = now };
        var phase = state.PhaseAt(now);
        if (phase == BreakerPhase.Closed)
        {
            return state.ConsecutiveFailures == 0 && state.LastError is null ? BreakerStep.None : new(closed, null);
        }
        return new(closed, new(state.Stream, phase, BreakerPhase.Closed, now, $"closed by hand ({by})", closed));
    }

    /// <summary>The wait of an open period: the back-off jittered, never past the ceiling, in whole milliseconds.</summary>
    public static TimeSpan Wait(TimeSpan backoff, BreakerPolicy policy, double random)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var factor = 1 + (policy.Jitter * ((2 * Math.Clamp(random, 0, 1)) - 1));
        var wait = Min(TimeSpan.FromTicks((long)(backoff.Ticks * factor)), policy.MaxBackoff);
        return TimeSpan.FromMilliseconds(Math.Max(1, Math.Floor(wait.TotalMilliseconds)));
    }

    /// <summary>The breaker in a few words, for <c>status</c> and the dashboard.</summary>
    public static string Describe(BreakerState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.PhaseAt(now) switch
        {
            BreakerPhase.Closed => state.ConsecutiveFailures == 0 ? "closed" : $"closed ({Failures(state.ConsecutiveFailures)} in a row)",
            BreakerPhase.Open => $"open until {Time(state.OpenUntil!.Value)} ({Failures(state.ConsecutiveFailures)} in a row)",
            _ when state.TrialRunning(now) => $"half-open: trial load by {state.TrialOwner} running",
            _ => $"half-open since {Time(state.OpenUntil!.Value)}: the next pass tries one load",
        };
    }

    /// <summary>A time as logs show it: <c>2025-06-21 10:05:00Z</c>.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A time to the whole millisecond below (what every store keeps).</summary>
    public static DateTimeOffset Ms(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static string Failures(int n) => n == 1 ? "1 failed load" : $"{n} failed loads";

    private static string Last(BreakerState s) => s.LastError is { } e ? $" (last: {e})" : "";

    private static string? Kept(string? error) => error is { Length: > ErrorKept } ? error[..ErrorKept] + "…" : error;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Duration(TimeSpan t) => Monitoring.HealthChecks.FormatDuration(t);
}
