using Stratum.Names;
using Stratum.Planning;

namespace Stratum.State;

/// <summary>
/// One worker's pass over one stream, written to the run log, and how it ended (<see cref="Outcome"/>).
/// The counts reconcile: rows read = the plan's incoming rows; files seen = committed + quarantined
/// + already in the ledger + left pending.
/// </summary>
public sealed record RunRecord
{
    public required string LoadId { get; init; }
    public required StreamId Stream { get; init; }
    public required string Owner { get; init; }
    public required DateTimeOffset Started { get; init; }
    public required DateTimeOffset Finished { get; init; }
    public required LoadOutcome Outcome { get; init; }
    public long FilesSeen { get; init; }
    public long FilesAlreadyLoaded { get; init; }
    public long FilesCommitted { get; init; }
    public long FilesQuarantined { get; init; }
    public long RowsRead { get; init; }
    public PlanCounts Counts { get; init; } = new();
    /// <summary>
    /// Versions the tie rule dropped (incoming rows that lost, and stored versions an incoming one
    /// beat at the same instant); <see cref="PlanCounts.TieConflicts"/> counts the incoming ones only.
    /// </summary>
    public long TieConflicts { get; init; }

    /// <summary>Of <see cref="TieConflicts"/>, those equal only at the warehouse's resolution (the later version may have lost).</summary>
    public long CoarseTieConflicts { get; init; }

    /// <summary>The first <see cref="ConflictRecord.KeptPerRun"/> tie conflicts, for <c>stratum conflicts list</c>.</summary>
    public IReadOnlyList<ConflictRecord> Conflicts { get; init; } = [];

    public string? Error { get; init; }
}
