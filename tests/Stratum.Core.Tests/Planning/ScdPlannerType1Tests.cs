using Stratum.Planning;
using static Stratum.Core.Tests.Planning.PlannerFixture;

namespace Stratum.Core.Tests.Planning;

public class ScdPlannerType1Tests
{
    private readonly PlannerFixture _f = new(scdType: 1);

    [Fact]
    public void Latest_version_wins_and_one_row_per_key()
    {
        var (t, plan) = _f.Apply([], [_f.Version("k", 0, "a"), _f.Version("k", 5, "b"), _f.Version("k", 3, "c")]);
        var row = Assert.Single(t);
        Assert.Equal(At(5), row.EffectiveDate);
        Assert.Equal(_f.Version("k", 5, "b").Hash, row.Hash);
        Assert.True(row.IsCurrent);
        Assert.Equal(2, plan.Counts.IgnoredOlder);
        Assert.True(plan.Counts.Reconciles);
    }

    [Fact]
    public void Older_version_arriving_late_is_ignored()
    {
        var (t1, _) = _f.Apply([], [_f.Version("k", 5, "b")]);
        var (t2, plan) = _f.Apply(t1, [_f.Version("k", 1, "a")]);
        Assert.Equal(Canonical(t1), Canonical(t2));
        Assert.Equal(1, plan.Counts.IgnoredOlder);
        Assert.False(plan.Keys[0].Changed);
    }

    [Fact]
    public void Delete_leaves_a_marker_that_keeps_older_versions_out()
    {
        var (t1, _) = _f.Apply([], [_f.Version("k", 0, "a")]);
        var (t2, p2) = _f.Apply(t1, [_f.Delete("k", 4)]);
        Assert.Equal(1, p2.Counts.Deleted);
        var (t3, p3) = _f.Apply(t2, [_f.Version("k", 2, "z")]);
        var row = Assert.Single(t3);
        Assert.True(row.IsDeleteMarker);
        Assert.False(row.IsCurrent);
        Assert.Equal(At(4), row.EffectiveDate);
        Assert.Equal(1, p3.Counts.IgnoredOlder);
        Assert.True(p3.Counts.Reconciles);
    }

    [Fact]
    public void Newer_version_after_a_delete_recreates_the_key()
    {
        var (t1, _) = _f.Apply([], [_f.Version("k", 0, "a"), _f.Delete("k", 4)]);
        var (t2, plan) = _f.Apply(t1, [_f.Version("k", 6, "b")]);
        var row = Assert.Single(t2);
        Assert.True(row.IsCurrent);
        Assert.Equal(1, plan.Counts.Inserted);
    }
}
