using Stratum.Names;
using Stratum.State;

namespace Stratum.Breaking;

/// <summary>What the breaker said of a stream before its load, and the state it was read in (null when it could not be read).</summary>
public sealed record BreakerGate(StreamId Stream, string Owner, BreakerDecision Decision, BreakerState? State)
{
    public bool Skip => Decision.Action == BreakerAction.Skip;

    public bool Trial => Decision.Action == BreakerAction.Trial;
}
