namespace Stratum.Planning;

/// <summary>The planner's answer for a batch: the new history of every affected key, counts and tie reports.</summary>
public sealed record LoadPlan(IReadOnlyList<KeyPlan> Keys, PlanCounts Counts, IReadOnlyList<TieConflict> Conflicts)
{
    public IEnumerable<KeyPlan> ChangedKeys => Keys.Where(k => k.Changed);

    public IEnumerable<VersionRow> AllRows => Keys.SelectMany(k => k.Rows);
}
