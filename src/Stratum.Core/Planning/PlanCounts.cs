namespace Stratum.Planning;

/// <summary>
/// What a plan did with each incoming row, and with the existing history. Each incoming row has
/// exactly one outcome, so <see cref="Incoming"/> equals the sum of the outcomes (<see cref="Reconciles"/>).
/// </summary>
public sealed record PlanCounts
{
    public long Incoming { get; init; }

    /// <summary>Versions that became a new row (a new key, a new version, or a late version slotted into history).</summary>
    public long Inserted { get; init; }

    /// <summary>Versions and deletes already present in history (re-delivered, or equal to the row they follow).</summary>
    public long Unchanged { get; init; }

    /// <summary>Deletes that closed a current version.</summary>
    public long Deleted { get; init; }

    /// <summary>Type 1: versions older than the one the table already holds.</summary>
    public long IgnoredOlder { get; init; }

    /// <summary>Rows that lost a tie: same key and event time as a different version (or a delete). Reported in the plan.</summary>
    public long TieConflicts { get; init; }

    /// <summary>Deletes of keys that have no version at all; nothing to close, nothing stored.</summary>
    public long UnknownDeletes { get; init; }

    /// <summary>Existing current rows that this plan closed.</summary>
    public long Closed { get; init; }

    /// <summary>Keys whose history changed (and so must be written).</summary>
    public long KeysChanged { get; init; }

    public bool Reconciles => Incoming == Inserted + Unchanged + Deleted + IgnoredOlder + TieConflicts + UnknownDeletes;

    public static PlanCounts operator +(PlanCounts a, PlanCounts b) => new()
    {
        Incoming = a.Incoming + b.Incoming,
        Inserted = a.Inserted + b.Inserted,
        Unchanged = a.Unchanged + b.Unchanged,
        Deleted = a.Deleted + b.Deleted,
        IgnoredOlder = a.IgnoredOlder + b.IgnoredOlder,
        TieConflicts = a.TieConflicts + b.TieConflicts,
        UnknownDeletes = a.UnknownDeletes + b.UnknownDeletes,
        Closed = a.Closed + b.Closed,
        KeysChanged = a.KeysChanged + b.KeysChanged,
    };

    public PlanCounts Add(PlanCounts other) => this + other;
}
