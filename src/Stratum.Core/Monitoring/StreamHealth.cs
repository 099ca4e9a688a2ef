using Stratum.Names;
using Stratum.Objects;
using Stratum.State;
using Stratum.Warehouse;

namespace Stratum.Monitoring;

/// <summary>
/// What was measured of one stream: the ledger, the files still pending, the run log over the
/// check window and, when the warehouse was queried, its invariant counts.
/// </summary>
public sealed record StreamHealth
{
    public required StreamId Stream { get; init; }
    public long FilesCommitted { get; init; }
    public long FilesPending { get; init; }
    public long FilesQuarantined { get; init; }
    public long RowsCommitted { get; init; }

    /// <summary>The newest event time among committed files; null before any data.</summary>
    public DateTimeOffset? NewestData { get; init; }

    /// <summary>When the oldest pending file landed (its last-modified time); null when none is pending.</summary>
    public DateTimeOffset? OldestPending { get; init; }

    public DateTimeOffset? LastLoad { get; init; }
    public LoadOutcome? LastOutcome { get; init; }
    public string? LastError { get; init; }

    /// <summary>Loads that ran in the window (lease skips, breaker skips and graceful stops left out).</summary>
    public long Loads { get; init; }

    /// <summary>Of those, the ones that failed or lost their lease.</summary>
    public long FailedLoads { get; init; }

    /// <summary>Loads skipped in the window because another worker held the lease.</summary>
    public long LeaseSkips { get; init; }

    /// <summary>Loads skipped in the window because the stream's circuit breaker was open.</summary>
    public long BreakerSkips { get; init; }

    /// <summary>Versions the tie rule dropped in the window (<see cref="RunRecord.TieConflicts"/>), and of them the coarse ones.</summary>
    public long TieConflicts { get; init; }

    public long CoarseTieConflicts { get; init; }

    /// <summary>The stream's circuit breaker as stored (null when it was not read).</summary>
    public BreakerState? Breaker { get; init; }

    /// <summary>Null when the warehouse was not queried.</summary>
    public InvariantCounts? Problems { get; init; }

    /// <summary>The quarantined files, with their reasons.</summary>
    public IReadOnlyList<LedgerEntry> Quarantined { get; init; } = [];

    /// <summary>The oldest pending files (at most <see cref="StreamProbe.PendingListed"/>).</summary>
    public IReadOnlyList<ObjectInfo> Pending { get; init; } = [];

    /// <summary>Files of the stream's folder that no reader reads and no load has quarantined yet (with their reasons).</summary>
    public IReadOnlyList<UnloadableObject> Unloadable { get; init; } = [];

    /// <summary>Share of loads that succeeded in the window; null when none ran.</summary>
    public double? SuccessRate => Loads == 0 ? null : (Loads - FailedLoads) / (double)Loads;

    /// <summary>Share of attempts that found the stream already being loaded by another worker.</summary>
    public double? IdempotencyHitRate => Loads + LeaseSkips == 0 ? null : LeaseSkips / (double)(Loads + LeaseSkips);

    public TimeSpan? Lag(DateTimeOffset now) => NewestData is { } n ? Max(now - n) : null;

    public TimeSpan PendingAge(DateTimeOffset now) => OldestPending is { } o ? Max(now - o) : TimeSpan.Zero;

    private static TimeSpan Max(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;
}
