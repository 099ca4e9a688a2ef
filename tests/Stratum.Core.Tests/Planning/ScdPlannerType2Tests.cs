using Stratum.Invariants;
using Stratum.Planning;
using static Stratum.Core.Tests.Planning.PlannerFixture;

namespace Stratum.Core.Tests.Planning;

public class ScdPlannerType2Tests
{
    private readonly PlannerFixture _f = new();

    [Fact]
    public void New_key_becomes_one_current_version()
    {
        var (table, plan) = _f.Apply([], [_f.Version("k", 0, "a")]);
        var row = Assert.Single(table);
        Assert.True(row.IsCurrent);
        Assert.Null(row.ExpirationDate);
        Assert.Equal(At(0), row.EffectiveDate);
        Assert.Equal(1, row.RecordVersion);
        Assert.Equal("f1", row.SourceFile);
        Assert.Equal(1, plan.Counts.Inserted);
        Assert.True(plan.Counts.Reconciles);
    }

    [Fact]
    public void Newer_version_closes_the_current_one_at_its_event_time()
    {
        var (t1, _) = _f.Apply([], [_f.Version("k", 0, "a")]);
        var (t2, plan) = _f.Apply(t1, [_f.Version("k", 5, "b")]);
        Assert.Equal(2, t2.Count);
        var first = t2.Single(r => r.RecordVersion == 1);
        var second = t2.Single(r => r.RecordVersion == 2);
        Assert.Equal(At(5), first.ExpirationDate);
        Assert.False(first.IsCurrent);
        Assert.True(second.IsCurrent);
        Assert.Equal(1, plan.Counts.Inserted);
        Assert.Equal(1, plan.Counts.Closed);
    }

    [Fact]
    public void Late_version_slots_into_the_middle_of_history()
    {
        var (t1, _) = _f.Apply([], [_f.Version("k", 0, "a"), _f.Version("k", 10, "c")]);
        var (t2, plan) = _f.Apply(t1, [_f.Version("k", 5, "b", "late.parquet")]);
        var rows = t2.OrderBy(r => r.EffectiveDate).ToList();
        Assert.Equal([At(0), At(5), At(10)], rows.Select(r => r.EffectiveDate));
        Assert.Equal([At(5), At(10), (DateTime?)null], rows.Select(r => r.ExpirationDate));
        Assert.Equal([1, 2, 3], rows.Select(r => r.RecordVersion));
        Assert.Equal("late.parquet", rows[1].SourceFile);
        Assert.True(rows[2].IsCurrent);
        Assert.Equal(1, plan.Counts.Inserted);
        Assert.Empty(InvariantChecker.Check(t2));
    }

    [Fact]
    public void Redelivered_version_changes_nothing()
    {
        var (t1, _) = _f.Apply([], [_f.Version("k", 0, "a", "first.csv")], "load-1");
        var (t2, plan) = _f.Apply(t1, [_f.Version("k", 0, "a", "again.csv")], "load-2");
        Assert.Equal(Canonical(t1), Canonical(t2));
        Assert.Equal("first.csv", Assert.Single(t2).SourceFile); // lineage is never rewritten
        Assert.Equal("load-1", t2[0].LoadId);
        Assert.False(Assert.Single(plan.Keys).Changed);
        Assert.Equal(1, plan.Counts.Unchanged);
    }

    [Fact]
    public void Equal_content_at_a_later_time_collapses_into_the_earlier_version()
    {
        var (t1, plan) = _f.Apply([], [_f.Version("k", 0, "a"), _f.Version("k", 3, "a")]);
        var row = Assert.Single(t1);
        Assert.Equal(At(0), row.EffectiveDate);
        Assert.Equal(1, plan.Counts.Inserted);
        Assert.Equal(1, plan.Counts.Unchanged);
    }

    [Fact]
    public void Late_version_inside_a_collapsed_run_splits_it_and_the_run_resumes()
    {
        // a@0 and a@10 collapse; b@5 arrives later: the true history is a, b, a.
        var (t1, _) = _f.Apply([], [_f.Version("k", 0, "a"), _f.Version("k", 10, "a")]);
        var (t2, _) = _f.Apply(t1, [_f.Version("k", 5, "b")]);
        var all = _f.Apply([], [_f.Version("k", 0, "a"), _f.Version("k", 10, "a"), _f.Version("k", 5, "b")]).Table;
        Assert.Equal(Canonical(all), Canonical(t2));
        Assert.Equal(3, t2.Count);
        Assert.Equal(At(10), t2.Single(r => r.IsCurrent).EffectiveDate);
    }

    [Fact]
    public void Tombstone_closes_history_and_leaves_no_current_row()
    {
        var (t1, _) = _f.Apply([], [_f.Version("k", 0, "a")]);
        var (t2, plan) = _f.Apply(t1, [_f.Delete("k", 4)]);
        var row = Assert.Single(t2);
        Assert.False(row.IsCurrent);
        Assert.Equal(At(4), row.ExpirationDate);
        Assert.Equal(1, plan.Counts.Deleted);
        Assert.Empty(InvariantChecker.Check(t2, new InvariantOptions(GapsAllowed: true)));
    }

    [Fact]
    public void Key_recreated_after_a_delete_has_a_gap_that_is_legitimate()
    {
        var (t, _) = _f.Apply([], [_f.Version("k", 0, "a"), _f.Delete("k", 2), _f.Version("k", 6, "a")]);
        Assert.Equal(2, t.Count);
        Assert.Empty(InvariantChecker.Check(t, new InvariantOptions(GapsAllowed: true)));
        Assert.Contains(InvariantChecker.Check(t), v => v.Kind == ViolationKind.Gap);
    }

    [Fact]
    public void Delete_for_a_closed_key_is_remembered_for_a_later_arriving_earlier_version()
    {
        // v@0, delete@2 loaded; then delete@8 (redundant now), then v@5 arrives: it must be closed at 8.
        var (t1, _) = _f.Apply([], [_f.Version("k", 0, "a"), _f.Delete("k", 2)]);
        var (t2, p2) = _f.Apply(t1, [_f.Delete("k", 8)]);
        Assert.Equal(1, p2.Counts.Unchanged);
        var (t3, _) = _f.Apply(t2, [_f.Version("k", 5, "b")]);
        var late = t3.Single(r => r.EffectiveDate == At(5));
        Assert.Equal(At(8), late.ExpirationDate);
        Assert.False(late.IsCurrent);
    }

    [Fact]
    public void Delete_of_a_key_never_seen_leaves_a_delete_marker_that_closes_a_later_arriving_version()
    {
        var (t1, plan) = _f.Apply([], [_f.Delete("ghost", 4)]);
        var marker = Assert.Single(t1);
        Assert.True(marker.IsDeleteMarker);
        Assert.False(marker.IsCurrent);
        Assert.Equal(marker.EffectiveDate, marker.ExpirationDate);
        Assert.Equal(true, marker.Values[3]); // the tombstone flag
        Assert.Equal(1, plan.Counts.UnknownDeletes);
        Assert.True(plan.Counts.Reconciles);
        Assert.Empty(InvariantChecker.Check(t1));

        var (t2, _) = _f.Apply(t1, [_f.Version("ghost", 1, "a")]);
        var row = Assert.Single(t2);
        Assert.Equal(At(4), row.ExpirationDate);
        Assert.False(row.IsCurrent);
    }

    [Fact]
    public void Tie_on_event_time_is_resolved_by_hash_whatever_the_order_and_reported()
    {
        var x = _f.Version("k", 1, "x", "one.csv");
        var y = _f.Version("k", 1, "y", "two.csv");
        var (ab, planAb) = _f.Apply(_f.Apply([], [x]).Table, [y]);
        var (ba, planBa) = _f.Apply(_f.Apply([], [y]).Table, [x]);
        Assert.Equal(Canonical(ab), Canonical(ba));
        var winner = string.CompareOrdinal(x.Hash, y.Hash) > 0 ? x : y;
        Assert.Equal(winner.Hash, Assert.Single(ab).Hash);
        Assert.Single(planAb.Conflicts);
        Assert.Single(planBa.Conflicts);
        Assert.Equal(At(1), planAb.Conflicts[0].EventTime);
    }

    [Fact]
    public void Delete_and_version_at_the_same_instant_the_delete_wins()
    {
        var (t, plan) = _f.Apply([], [_f.Version("k", 0, "a"), _f.Version("k", 3, "b"), _f.Delete("k", 3)]);
        Assert.Single(t);
        Assert.Equal(At(3), t[0].ExpirationDate);
        Assert.Equal(1, plan.Counts.TieConflicts);
        Assert.True(plan.Counts.Reconciles);
    }

    [Fact]
    public void Untouched_keys_are_not_in_the_plan()
    {
        var (t1, _) = _f.Apply([], [_f.Version("a", 0, "x"), _f.Version("b", 0, "x")]);
        var plan = _f.Planner.Plan(t1, [_f.Version("a", 1, "y")], "l");
        Assert.Equal(["a"], plan.Keys.Select(k => k.Key.Text));
    }
}
