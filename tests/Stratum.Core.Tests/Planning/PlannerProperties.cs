using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Stratum.Invariants;
using Stratum.Planning;
using static Stratum.Core.Tests.Planning.PlannerFixture;

namespace Stratum.Core.Tests.Planning;

/// <summary>
/// The planner's specification as properties over random event sets (small domains, so that
/// ties, repeats, collapses, late arrivals and deletes are frequent). Each runs 1,000+ cases.
/// </summary>
public class PlannerProperties
{
    /// <summary>One generated event: key 0..2, minute 0..11, value a..c, or a delete.</summary>
    public sealed record Ev(int Key, int Minute, char Value, bool Delete, int File)
    {
        public IncomingRow ToRow(PlannerFixture f)
            => Delete ? f.Delete($"k{Key}", Minute, $"f{File}") : f.Version($"k{Key}", Minute, Value.ToString(), $"f{File}");

        public override string ToString() => Delete ? $"k{Key}@{Minute}:DEL" : $"k{Key}@{Minute}:{Value}";
    }

    /// <summary>A base batch (a version of every key, so every key has history), two batches A and B,
    /// and an assignment of A's events to up to four parts.</summary>
    public sealed record Scenario(Ev[] Base, Ev[] A, Ev[] B, int[] Parts)
    {
        public override string ToString() => $"Base=[{string.Join(" ", Base.AsEnumerable())}] A=[{string.Join(" ", A.AsEnumerable())}] B=[{string.Join(" ", B.AsEnumerable())}] Parts=[{string.Join(",", Parts)}]";
    }

    public static class Arbitraries
    {
        private static Gen<Ev> Event(bool allowDelete) =>
            from key in Gen.Choose(0, 2)
            from minute in Gen.Choose(0, 11)
            from value in Gen.Elements('a', 'b', 'c')
            from del in allowDelete ? Gen.Frequency((1, Gen.Constant(true)), (5, Gen.Constant(false))) : Gen.Constant(false)
            from file in Gen.Choose(1, 4)
            select new Ev(key, minute, value, del, file);

        public static Arbitrary<Scenario> Scenario() =>
            (from b0 in Event(false)
             from b1 in Event(false)
             from b2 in Event(false)
             from a in Event(true).ArrayOf()
             from b in Event(true).ArrayOf()
             from parts in Gen.Choose(0, 3).ArrayOf(a.Length)
             select new Scenario([b0 with { Key = 0 }, b1 with { Key = 1 }, b2 with { Key = 2 }], a, b, parts)).ToArbitrary();
    }

    private static string Run(PlannerFixture f, params IEnumerable<Ev>[] batches)
    {
        var table = new List<VersionRow>();
        var n = 0;
        foreach (var batch in batches)
        {
            var (next, plan) = f.Apply(table, [.. batch.Select(e => e.ToRow(f))], $"load-{n++}");
            Assert.True(plan.Counts.Reconciles, "counts do not reconcile");
            table = next;
        }
        return Canonical(table);
    }

    private static List<VersionRow> Table(PlannerFixture f, params IEnumerable<Ev>[] batches)
    {
        var table = new List<VersionRow>();
        foreach (var batch in batches)
        {
            table = f.Apply(table, [.. batch.Select(e => e.ToRow(f))]).Table;
        }
        return table;
    }

    [Property(MaxTest = 1500, Arbitrary = [typeof(Arbitraries)])]
    public bool Type2_applying_a_batch_twice_is_applying_it_once(Scenario s)
    {
        var f = new PlannerFixture(2);
        return Run(f, s.Base, s.A, s.A) == Run(f, s.Base, s.A);
    }

    [Property(MaxTest = 1500, Arbitrary = [typeof(Arbitraries)])]
    public bool Type2_order_of_batches_does_not_matter(Scenario s)
    {
        var f = new PlannerFixture(2);
        var ab = Run(f, s.Base, s.A, s.B);
        var ba = Run(f, s.Base, s.B, s.A);
        var union = Run(f, s.Base, s.A.Concat(s.B));
        return ab == ba && ab == union;
    }

    [Property(MaxTest = 1500, Arbitrary = [typeof(Arbitraries)])]
    public bool Type2_splitting_a_batch_into_parts_gives_the_same_table(Scenario s)
    {
        var f = new PlannerFixture(2);
        var parts = Enumerable.Range(0, 4).Select(p => s.A.Where((_, i) => s.Parts[i] == p)).ToArray();
        return Run(f, [s.Base, .. parts]) == Run(f, s.Base, s.A);
    }

    [Property(MaxTest = 1500, Arbitrary = [typeof(Arbitraries)])]
    public bool Type2_output_always_passes_the_invariant_checker(Scenario s)
    {
        var f = new PlannerFixture(2);
        var table = Table(f, s.Base, s.A, s.B);
        var noDeletes = !s.A.Concat(s.B).Any(e => e.Delete);
        // With no deletes anywhere, not even a gap is allowed.
        return InvariantChecker.Check(table, new InvariantOptions(GapsAllowed: !noDeletes)).Count == 0;
    }

    [Property(MaxTest = 1500, Arbitrary = [typeof(Arbitraries)])]
    public bool Type2_no_version_is_lost(Scenario s)
    {
        // Reference model, written independently of the planner: per key, per instant a delete beats
        // versions and the greatest hash wins; walking in time order, a version starts a row unless it
        // equals the open row's hash; a delete ends the open row.
        var f = new PlannerFixture(2);
        var all = s.Base.Concat(s.A).Concat(s.B).Select(e => e.ToRow(f)).ToList();
        var expected = new List<string>();
        foreach (var key in all.GroupBy(r => r.Key.Text).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string? open = null;
            foreach (var instant in key.GroupBy(r => r.EventTime).OrderBy(g => g.Key))
            {
                var winner = instant.Any(r => r.IsTombstone) ? null : instant.Max(r => r.Hash);
                if (winner is null)
                {
                    open = null;
                }
                else if (winner != open)
                {
                    expected.Add($"{key.Key}|{instant.Key:O}|{winner}");
                    open = winner;
                }
            }
        }
        var actual = Table(f, s.Base, s.A, s.B).Where(r => !r.IsDeleteMarker)
            .OrderBy(r => r.Key).ThenBy(r => r.EffectiveDate)
            .Select(r => $"{r.Key.Text}|{r.EffectiveDate:O}|{r.Hash}");
        return expected.SequenceEqual(actual);
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(Arbitraries)])]
    public bool Type1_is_idempotent_order_independent_and_split_independent(Scenario s)
    {
        var f = new PlannerFixture(1);
        var once = Run(f, s.Base, s.A);
        var parts = Enumerable.Range(0, 4).Select(p => s.A.Where((_, i) => s.Parts[i] == p)).ToArray();
        return Run(f, s.Base, s.A, s.A) == once
               && Run(f, [s.Base, .. parts]) == once
               && Run(f, s.Base, s.A, s.B) == Run(f, s.Base, s.B, s.A)
               && Run(f, s.Base, s.A, s.B) == Run(f, s.Base, s.A.Concat(s.B));
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(Arbitraries)])]
    public bool Type1_holds_the_latest_event_of_every_key(Scenario s)
    {
        var f = new PlannerFixture(1);
        var all = s.Base.Concat(s.A).Concat(s.B).Select(e => e.ToRow(f)).ToList();
        var table = Table(f, s.Base, s.A, s.B);
        foreach (var key in all.GroupBy(r => r.Key))
        {
            var latest = key.Max(r => r.EventTime);
            var atLatest = key.Where(r => r.EventTime == latest).ToList();
            var row = table.Single(r => r.Key.Equals(key.Key));
            if (atLatest.Any(r => r.IsTombstone))
            {
                if (!row.IsDeleteMarker || row.EffectiveDate != latest)
                {
                    return false;
                }
            }
            else if (!row.IsCurrent || row.Hash != atLatest.Max(r => r.Hash) || row.EffectiveDate != latest)
            {
                return false;
            }
        }
        return InvariantChecker.Check(table, new InvariantOptions(GapsAllowed: true)).Count == 0;
    }
}
