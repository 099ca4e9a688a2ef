namespace Stratum.Cleanup;

/// <summary>
/// The rebuilt history of every broken key: the keys, one decision per row of the new history,
/// the row counts, and a note for each case a person should know about (tie conflicts, keys kept
/// closed, keys made current again, versions merged).
/// </summary>
public sealed record RebuildPlan(IReadOnlyList<KeyRef> Keys, IReadOnlyList<RowDecision> Decisions, long RowsBefore, IReadOnlyList<string> Notes)
{
    public long RowsAfter => Decisions.Count;

    public static RebuildPlan Empty { get; } = new([], [], 0, []);
}
