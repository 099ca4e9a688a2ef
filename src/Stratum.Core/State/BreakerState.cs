using Stratum.Names;

namespace Stratum.State;

/// <summary>
/// A stream's circuit breaker as the state store keeps it (<see cref="IBreakerStore"/>), shared by
/// every worker. Closed while <see cref="OpenUntil"/> is null; open until then; half-open after it,
/// when one worker may claim the trial load (<see cref="TrialOwner"/> until <see cref="TrialUntil"/>).
/// <see cref="Version"/> is the stored version (0: nothing stored yet): a write is conditional on it,
/// so two workers that read the same state cannot both write theirs. Times are whole milliseconds.
/// </summary>
public sealed record BreakerState
{
    public required StreamId Stream { get; init; }

    /// <summary>Failed loads in a row (<see cref="LoadOutcome.Failed"/>); a successful load resets it.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>When the breaker opened (kept while it re-opens after failed trials); null when closed.</summary>
    public DateTimeOffset? OpenedAt { get; init; }

    /// <summary>Passes skip the stream until then; null when closed.</summary>
    public DateTimeOffset? OpenUntil { get; init; }

    /// <summary>The back-off of the current open period before jitter (doubles after each failed trial, up to the ceiling).</summary>
    public TimeSpan Backoff { get; init; }

    /// <summary>The worker whose trial load is running, until <see cref="TrialUntil"/> (then another may claim it).</summary>
    public string? TrialOwner { get; init; }

    public DateTimeOffset? TrialUntil { get; init; }

    /// <summary>The error of the last failed load.</summary>
    public string? LastError { get; init; }

    /// <summary>When this state was written.</summary>
    public DateTimeOffset? ChangedAt { get; init; }

    public long Version { get; init; }

    /// <summary>Open or half-open: anything but closed.</summary>
    public bool IsOpen => OpenUntil is not null;

    /// <summary>A closed breaker with nothing counted: what a stream without a stored breaker has.</summary>
    public static BreakerState Closed(StreamId stream) => new() { Stream = stream };

    public BreakerPhase PhaseAt(DateTimeOffset now) => OpenUntil is not { } until ? BreakerPhase.Closed
        : until > now ? BreakerPhase.Open
        : BreakerPhase.HalfOpen;

    /// <summary>Whether another worker's trial load holds the half-open breaker at <paramref name="now"/>.</summary>
    public bool TrialRunning(DateTimeOffset now) => TrialOwner is not null && TrialUntil is { } t && t > now;
}
