using Stratum.Planning;
using static Stratum.Core.Tests.Planning.PlannerFixture;

namespace Stratum.Core.Tests.Planning;

/// <summary>The cases of issue 11 item 1, one by one; <see cref="SnapshotProperties"/> states the general rule.</summary>
public class SnapshotEventsTests
{
    private readonly PlannerFixture _f = new(2);

    /// <summary>Loads snapshots (minute → present keys with values) in the given order, one per batch.</summary>
    private List<VersionRow> Load(params (int Minute, (string Key, string Value)[] Rows)[] files)
    {
        var table = new List<VersionRow>();
        var line = new SnapshotLine([]);
        foreach (var (minute, present) in files)
        {
            var rows = present.Select(p => _f.Version(p.Key, minute, p.Value, $"snap-{minute}")).ToList();
            var snap = new SnapshotRef(At(minute), $"snap-{minute}");
            var (previous, next) = line.Neighbours(snap.Time);
            table = _f.Apply(table, [.. rows, .. SnapshotEvents.Deletes(table, rows, snap, previous, next)]).Table;
            line.Add(snap);
        }
        return table;
    }

    private static string Show(IEnumerable<VersionRow> table) => string.Join(" ", table.Where(r => !r.IsDeleteMarker)
        .OrderBy(r => r.Key.Text, StringComparer.Ordinal).ThenBy(r => r.EffectiveDate)
        .Select(r => $"{r.Key.Text}[{(r.EffectiveDate - T0).TotalMinutes}-{(r.ExpirationDate is { } e ? (e - T0).TotalMinutes.ToString() : "")})"));

    [Fact]
    public void A_key_absent_from_the_next_snapshot_is_deleted_at_its_time()
        => Assert.Equal("a[1-) b[1-2)", Show(Load((1, [("a", "x"), ("b", "x")]), (2, [("a", "x")]))));

    [Fact]
    public void An_older_snapshot_arriving_late_does_not_leave_open_a_key_the_newer_one_deleted()
    {
        // b exists only in the older snapshot; the newer one, loaded first, never saw it.
        Assert.Equal("a[1-) b[1-2)", Show(Load((2, [("a", "x")]), (1, [("a", "x"), ("b", "x")]))));
    }

    [Fact]
    public void A_late_snapshot_in_between_splits_a_run_and_the_next_snapshot_reopens_it()
    {
        var inOrder = Load((1, [("a", "x")]), (2, []), (3, [("a", "x")]));
        var late = Load((1, [("a", "x")]), (3, [("a", "x")]), (2, []));
        Assert.Equal("a[1-2) a[3-)", Show(inOrder));
        Assert.Equal(Show(inOrder), Show(late));
    }

    [Fact]
    public void An_empty_snapshot_deletes_every_key()
        => Assert.Equal("a[1-2) b[1-2)", Show(Load((1, [("a", "x"), ("b", "y")]), (2, []))));

    [Fact]
    public void A_later_snapshot_listing_a_deleted_key_reopens_it()
        => Assert.Equal("a[1-2) a[3-)", Show(Load((1, [("a", "x")]), (2, []), (3, [("a", "x")]))));

    [Fact]
    public void The_line_orders_snapshots_by_time_not_by_name()
    {
        var line = new SnapshotLine([new SnapshotRef(At(10), "snap-10"), new SnapshotRef(At(9), "snap-9"), new SnapshotRef(At(2), "snap-2")]);
        var (previous, next) = line.Neighbours(At(5));
        Assert.Equal("snap-2", previous?.File);
        Assert.Equal("snap-9", next?.File);
        Assert.Equal(("snap-9", (string?)null), (line.Neighbours(At(10)).Previous?.File, line.Neighbours(At(10)).Next?.File));
        Assert.Equal("snap-10", line.At(At(10))?.File);
    }

    [Fact]
    public void A_copy_of_a_loaded_snapshot_is_recognised_and_a_different_one_is_not()
    {
        var table = Load((1, [("a", "x"), ("b", "y")]), (2, [("a", "z")]));
        Assert.True(SnapshotEvents.SameAsHistory(table, [_f.Version("a", 1, "x"), _f.Version("b", 1, "y")], At(1)));
        Assert.False(SnapshotEvents.SameAsHistory(table, [_f.Version("a", 1, "x")], At(1)));
        Assert.False(SnapshotEvents.SameAsHistory(table, [_f.Version("a", 1, "x"), _f.Version("b", 1, "other")], At(1)));
        Assert.True(SnapshotEvents.SameAsHistory(table, [_f.Version("a", 2, "z")], At(2)));
    }
}
