using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Stratum.Invariants;
using Stratum.Planning;

namespace Stratum.Core.Tests.Planning;

/// <summary>
/// Snapshot tables as properties: a set of snapshot files (each a subset of four keys with a value
/// each, possibly empty), loaded one file per batch in any order, as the loader does — place the
/// file among the loaded ones (<see cref="SnapshotLine"/>), add its deletes
/// (<see cref="SnapshotEvents"/>), plan — gives the history an independent model computes: per
/// key, walking the snapshots in time order, a run starts where the key appears or changes and ends
/// at the first snapshot without it.
/// </summary>
public class SnapshotProperties
{
    /// <summary>One snapshot: its instant (0..11 in the fixture's scale) and key → value ('\0' = absent).</summary>
    public sealed record Snap(int Time, char[] Values)
    {
        public override string ToString() => $"@{Time}:{new string([.. Values.Select(v => v == '\0' ? '-' : v)])}";
    }

    /// <param name="Order">the order the files arrive in (a permutation of Snaps)</param>
    public sealed record Scenario(Snap[] Snaps, int[] Order, bool Wide)
    {
        public override string ToString() => $"[{string.Join(" ", Snaps.AsEnumerable())}] order=[{string.Join(",", Order)}] wide={Wide}";
    }

    private static readonly string[] Keys = ["k0", "k1", "k2", "k3"];

    public static class Arbitraries
    {
        public static Arbitrary<Scenario> Scenario() =>
            (from times in Gen.Choose(0, 11).ArrayOf().Select(t => t.Distinct().Take(6).ToArray())
             from values in Gen.Elements('\0', '\0', 'a', 'b', 'c').ArrayOf(Keys.Length).ArrayOf(times.Length)
             from order in Gen.Shuffle(Enumerable.Range(0, times.Length).ToArray())
             from wide in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
             select new Scenario([.. times.Select((t, i) => new Snap(t, values[i]))], [.. order], wide)).ToArbitrary();
    }

    private static List<IncomingRow> Rows(PlannerFixture f, Snap s)
        => [.. Keys.Select((k, i) => (k, v: s.Values[i])).Where(x => x.v != '\0').Select(x => f.Version(x.k, s.Time, x.v.ToString(), $"snap-{s.Time}"))];

    /// <summary>Loads the snapshots one file per batch in the given order, as the loader does.</summary>
    private static List<VersionRow> Load(PlannerFixture f, IEnumerable<Snap> files)
    {
        var table = new List<VersionRow>();
        var line = new SnapshotLine([]);
        foreach (var snap in files)
        {
            var rows = Rows(f, snap);
            var placed = new SnapshotRef(f.Time(snap.Time), $"snap-{snap.Time}");
            var (previous, next) = line.Neighbours(placed.Time);
            var incoming = rows.Concat(SnapshotEvents.Deletes(table, rows, placed, previous, next)).ToList();
            var (result, plan) = f.Apply(table, incoming);
            Assert.True(plan.Counts.Reconciles, "counts do not reconcile");
            table = result;
            line.Add(placed);
        }
        return table;
    }

    /// <summary>What "current" and "as of" queries see: every row but delete markers, lineage and bookkeeping left out.</summary>
    private static string Visible(IEnumerable<VersionRow> rows)
        => string.Join("\n", rows.Where(r => !r.IsDeleteMarker)
            .Select(r => $"{r.Key}|{r.EffectiveDate:O}|{r.ExpirationDate:O}|{r.IsCurrent}|{r.Hash}")
            .Order(StringComparer.Ordinal));

    /// <summary>The model, written without the planner: per key, runs of equal values across consecutive snapshots.</summary>
    private static string ExpectedType2(PlannerFixture f, Snap[] snaps)
    {
        var lines = new List<string>();
        var byTime = snaps.OrderBy(s => s.Time).ToArray();
        for (var k = 0; k < Keys.Length; k++)
        {
            (DateTime Start, char Value)? open = null;
            foreach (var s in byTime)
            {
                var v = s.Values[k];
                if (open is { } o && o.Value == v)
                {
                    continue;
                }
                if (open is { } closing)
                {
                    lines.Add(Line(f, k, closing.Start, f.Time(s.Time), closing.Value));
                }
                open = v == '\0' ? null : (f.Time(s.Time), v);
            }
            if (open is { } last)
            {
                lines.Add(Line(f, k, last.Start, null, last.Value));
            }
        }
        return string.Join("\n", lines.Order(StringComparer.Ordinal));
    }

    private static string Line(PlannerFixture f, int key, DateTime start, DateTime? end, char value)
        => $"{RowKey.Of(Keys[key])}|{start:O}|{end:O}|{end is null}|{f.Version(Keys[key], 0, value.ToString()).Hash}";

    [Property(MaxTest = 1500, Arbitrary = [typeof(Arbitraries)])]
    public bool Type2_snapshots_in_any_order_give_the_model_history(Scenario s)
    {
        var f = new PlannerFixture(2, wideTimes: s.Wide);
        var table = Load(f, s.Order.Select(i => s.Snaps[i]));
        return Visible(table) == ExpectedType2(f, s.Snaps)
            && InvariantChecker.Check(table, new InvariantOptions(GapsAllowed: true)).Count == 0;
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(Arbitraries)])]
    public bool Type2_loading_a_snapshot_again_changes_nothing(Scenario s)
    {
        var f = new PlannerFixture(2, wideTimes: s.Wide);
        var files = s.Order.Select(i => s.Snaps[i]).ToArray();
        // A copy under another name at the same time is the same snapshot: the loader confirms it and plans only its rows.
        var table = Load(f, files);
        foreach (var snap in files)
        {
            Assert.True(SnapshotEvents.SameAsHistory(table, Rows(f, snap), f.Time(snap.Time)), $"snapshot @{snap.Time} not recognised");
            table = f.Apply(table, Rows(f, snap)).Table;
        }
        return Visible(table) == ExpectedType2(f, s.Snaps);
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(Arbitraries)])]
    public bool Type1_snapshots_in_any_order_hold_the_newest_snapshot(Scenario s)
    {
        var f = new PlannerFixture(1, wideTimes: s.Wide);
        var table = Load(f, s.Order.Select(i => s.Snaps[i]));
        if (s.Snaps.Length == 0)
        {
            return table.Count == 0;
        }
        var newest = s.Snaps.MaxBy(x => x.Time)!;
        var expected = Keys.Select((k, i) => (k, v: newest.Values[i])).Where(x => x.v != '\0')
            .Select(x => $"{RowKey.Of(x.k)}|{f.Time(newest.Time):O}||True|{f.Version(x.k, 0, x.v.ToString()).Hash}")
            .Order(StringComparer.Ordinal);
        return Visible(table) == string.Join("\n", expected);
    }
}
