namespace Stratum.State;

/// <summary>Where a stream's circuit breaker stands at a given time (<see cref="BreakerState.PhaseAt"/>).</summary>
public enum BreakerPhase
{
    /// <summary>Loads run; failed loads in a row are counted.</summary>
    Closed,

    /// <summary>Passes skip the stream until <see cref="BreakerState.OpenUntil"/>.</summary>
    Open,

    /// <summary>The back-off is over: one trial load is due or running; its outcome closes or re-opens the breaker.</summary>
    HalfOpen,
}
