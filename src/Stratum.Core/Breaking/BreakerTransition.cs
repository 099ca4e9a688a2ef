using Stratum.Names;
using Stratum.State;

namespace Stratum.Breaking;

/// <summary>
/// A change of a stream's breaker phase — closed → open, open → half-open (a trial load claimed),
/// half-open → closed (the trial succeeded, or closed by hand), half-open → open (the trial
/// failed: a longer back-off) — with a sentence saying why, and the state as written.
/// </summary>
public sealed record BreakerTransition(StreamId Stream, BreakerPhase From, BreakerPhase To, DateTimeOffset At, string Reason, BreakerState State)
{
    /// <summary>The phase as logs, metrics and <c>--json</c> show it: <c>closed</c>, <c>open</c>, <c>half-open</c>.</summary>
    public static string Text(BreakerPhase phase) => phase switch
    {
        BreakerPhase.Closed => "closed",
        BreakerPhase.Open => "open",
        BreakerPhase.HalfOpen => "half-open",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    public override string ToString() => $"{Stream}: breaker {Text(From)} → {Text(To)}: {Reason}";
}
