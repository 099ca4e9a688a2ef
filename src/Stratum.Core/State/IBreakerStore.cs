using Stratum.Names;

namespace Stratum.State;

/// <summary>
/// The circuit breakers of streams (<see cref="BreakerState"/>), kept where every worker and every
/// invocation sees them. Writes are conditional on the version read, so of two workers that read
/// the same state only one writes (the one trial load of a half-open breaker goes to one worker).
/// A stored breaker is never deleted: closing writes a closed state, and versions only grow.
/// </summary>
public interface IBreakerStore
{
    /// <summary>The stream's breaker (a consistent read); <see cref="BreakerState.Closed"/> with version 0 when none is stored.</summary>
    Task<BreakerState> GetBreakerAsync(StreamId stream, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="state"/> if the stored version is still <see cref="BreakerState.Version"/>
    /// (0: none stored) and returns it as stored (its version one more); null, writing nothing, when
    /// another writer got there first.
    /// </summary>
    Task<BreakerState?> TryWriteBreakerAsync(BreakerState state, CancellationToken cancellationToken);

    /// <summary>Every breaker that is not closed (open or half-open), in stream order.</summary>
    Task<IReadOnlyList<BreakerState>> ListOpenBreakersAsync(CancellationToken cancellationToken);
}
