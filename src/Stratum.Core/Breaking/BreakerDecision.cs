namespace Stratum.Breaking;

/// <summary>What a pass does with a stream, given its breaker (<see cref="BreakerMachine.Decide"/>).</summary>
public enum BreakerAction
{
    /// <summary>Closed: load as usual.</summary>
    Load,

    /// <summary>Half-open and nobody is trying: claim the one trial load, then load.</summary>
    Trial,

    /// <summary>Open, or another worker's trial is running: skip the stream this pass.</summary>
    Skip,
}

/// <summary>The action, and for a skip until when and why.</summary>
public sealed record BreakerDecision(BreakerAction Action, DateTimeOffset? Until = null, string? Reason = null)
{
    public static BreakerDecision Load { get; } = new(BreakerAction.Load);

    public static BreakerDecision Trial { get; } = new(BreakerAction.Trial);
}
