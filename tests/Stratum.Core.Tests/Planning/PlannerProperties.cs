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
    /// <summary>One generated event: key 0..2 (of the scenario's keys), minute 0..11, value a..c, or a delete.</summary>
    public sealed record Ev(int Key, int Minute, char Value, bool Delete, int File)
    {
        public IncomingRow ToRow(PlannerFixture f, string[][] keys)
            => Delete ? f.Delete(keys[Key], Minute, $"f{File}") : f.Version(keys[Key], Minute, Value.ToString(), $"f{File}");

        public override string ToString() => Delete ? $"k{Key}@{Minute}:DEL" : $"k{Key}@{Minute}:{Value}";
    }

    /// <summary>A base batch (a version of most keys; a key left out has no base version), two batches A and B,
    /// an assignment of A's events to up to four parts, and the three keys' values: one part each, or
    /// two (a composite key) holding any character, separators included, often built to collide
    /// when joined naively (("x|y", "z") beside ("x", "y|z")).</summary>
    /// <param name="Wide">minutes 0..11 are instants across the whole timestamp range (<see cref="PlannerFixture.Wide"/>)</param>
    public sealed record Scenario(Ev[] Base, Ev[] A, Ev[] B, int[] Parts, string[][] Keys, bool Wide)
    {
        public bool Composite => Keys[0].Length > 1;

        public PlannerFixture Fixture(int scdType) => new(scdType, compositeKey: Composite, wideTimes: Wide);

        public List<IncomingRow> Rows(PlannerFixture f, IEnumerable<Ev> events) => [.. events.Select(e => e.ToRow(f, Keys))];

        public override string ToString() => $"Keys=[{string.Join(" ", Keys.Select(k => "(" + string.Join(", ", k.Select(Show)) + ")"))}] Base=[{string.Join(" ", Base.AsEnumerable())}] A=[{string.Join(" ", A.AsEnumerable())}] B=[{string.Join(" ", B.AsEnumerable())}] Parts=[{string.Join(",", Parts)}] Wide={Wide}";
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

        /// <summary>Parts that are, hold or look like a separator or an encoded length.</summary>
        private static readonly string[] Tricky = ["a", "b", "", "|", "\u001f", "a|b", "a\u001fb", ":", "1:", "1:a", "-", "é", "😀", "\0", "\n"];

        private static Gen<string> Part() => Gen.Frequency(
            (3, Gen.Elements(Tricky)),
            (1, ArbMap.Default.GeneratorFor<string>().Where(p => p is not null)));

        private static Gen<string[][]> Keys() => Gen.Frequency(
            (1, from ks in Part().Three() select new[] { new[] { ks.Item1 }, [ks.Item2], [ks.Item3] }),
            (1, from ps in Part().ArrayOf(6) select new[] { new[] { ps[0], ps[1] }, [ps[2], ps[3]], [ps[4], ps[5]] }),
            // Two keys whose parts joined by sep are the same text: x+sep+y, z and x, y+sep+z.
            (2, from x in Part()
                from y in Part()
                from z in Part()
                from sep in Gen.Elements("|", "\u001f", ":", "1:", "")
                from other in Part().Two()
                select new[] { new[] { x + sep + y, z }, [x, y + sep + z], [other.Item1, other.Item2] }));

        public static Arbitrary<Scenario> Scenario() =>
            (from keys in Keys()
             from b0 in Event(false)
             from b1 in Event(false)
             from b2 in Event(false)
             from withBase in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false))).Three()
             from a in Event(true).ArrayOf()
             from b in Event(true).ArrayOf()
             from parts in Gen.Choose(0, 3).ArrayOf(a.Length)
             from wide in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
             select new Scenario(
                 [.. new[] { (withBase.Item1, b0 with { Key = 0 }), (withBase.Item2, b1 with { Key = 1 }), (withBase.Item3, b2 with { Key = 2 }) }
                     .Where(x => x.Item1).Select(x => x.Item2)],
                 a, b, parts, keys, wide)).ToArbitrary();
    }

    private static string Run(Scenario s, PlannerFixture f, params IEnumerable<Ev>[] batches)
    {
        var table = new List<VersionRow>();
        var n = 0;
        foreach (var batch in batches)
        {
            var (next, plan) = f.Apply(table, s.Rows(f, batch), $"load-{n++}");
            Assert.True(plan.Counts.Reconciles, "counts do not reconcile");
            table = next;
        }
        return Canonical(table);
    }

    private static List<VersionRow> Table(Scenario s, PlannerFixture f, params IEnumerable<Ev>[] batches)
    {
        var table = new List<VersionRow>();
        foreach (var batch in batches)
        {
            table = f.Apply(table, s.Rows(f, batch)).Table;
        }
        return table;
    }

    [Property(MaxTest = 1500, Arbitrary = [typeof(Arbitraries)])]
    public bool Type2_applying_a_batch_twice_is_applying_it_once(Scenario s)
    {
        var f = s.Fixture(2);
        return Run(s, f, s.Base, s.A, s.A) == Run(s, f, s.Base, s.A);
    }

    [Property(MaxTest = 1500, Arbitrary = [typeof(Arbitraries)])]
    public bool Type2_order_of_batches_does_not_matter(Scenario s)
    {
        var f = s.Fixture(2);
        var ab = Run(s, f, s.Base, s.A, s.B);
        var ba = Run(s, f, s.Base, s.B, s.A);
        var union = Run(s, f, s.Base, s.A.Concat(s.B));
        return ab == ba && ab == union;
    }

    [Property(MaxTest = 1500, Arbitrary = [typeof(Arbitraries)])]
    public bool Type2_splitting_a_batch_into_parts_gives_the_same_table(Scenario s)
    {
        var f = s.Fixture(2);
        var parts = Enumerable.Range(0, 4).Select(p => s.A.Where((_, i) => s.Parts[i] == p)).ToArray();
        return Run(s, f, [s.Base, .. parts]) == Run(s, f, s.Base, s.A);
    }

    [Property(MaxTest = 1500, Arbitrary = [typeof(Arbitraries)])]
    public bool Type2_output_always_passes_the_invariant_checker(Scenario s)
    {
        var f = s.Fixture(2);
        var table = Table(s, f, s.Base, s.A, s.B);
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
        var f = s.Fixture(2);
        // Keys are told apart by their values, not by any text form of them.
        var all = s.Rows(f, s.Base.Concat(s.A).Concat(s.B));
        var expected = new List<string>();
        foreach (var key in all.GroupBy(r => KeyOf(r.Key), StringComparer.Ordinal))
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
        var actual = Table(s, f, s.Base, s.A, s.B).Where(r => !r.IsDeleteMarker)
            .Select(r => $"{KeyOf(r.Key)}|{r.EffectiveDate:O}|{r.Hash}");
        return expected.Order(StringComparer.Ordinal).SequenceEqual(actual.Order(StringComparer.Ordinal));
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(Arbitraries)])]
    public bool Type1_is_idempotent_order_independent_and_split_independent(Scenario s)
    {
        var f = s.Fixture(1);
        var once = Run(s, f, s.Base, s.A);
        var parts = Enumerable.Range(0, 4).Select(p => s.A.Where((_, i) => s.Parts[i] == p)).ToArray();
        return Run(s, f, s.Base, s.A, s.A) == once
               && Run(s, f, [s.Base, .. parts]) == once
               && Run(s, f, s.Base, s.A, s.B) == Run(s, f, s.Base, s.B, s.A)
               && Run(s, f, s.Base, s.A, s.B) == Run(s, f, s.Base, s.A.Concat(s.B));
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(Arbitraries)])]
    public bool Type1_holds_the_latest_event_of_every_key(Scenario s)
    {
        var f = s.Fixture(1);
        var all = s.Rows(f, s.Base.Concat(s.A).Concat(s.B));
        var table = Table(s, f, s.Base, s.A, s.B);
        foreach (var key in all.GroupBy(r => KeyOf(r.Key), StringComparer.Ordinal))
        {
            var latest = key.Max(r => r.EventTime);
            var atLatest = key.Where(r => r.EventTime == latest).ToList();
            var row = table.Single(r => KeyOf(r.Key) == key.Key);
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

    /// <summary>A key by its values, each as its UTF-16 code units in decimal: independent of <see cref="RowKey.Text"/>.</summary>
    private static string KeyOf(RowKey key) => string.Join(" / ", key.Values.Select(v => string.Join('.', ((string)v!).Select(c => (int)c))));

    private static string Show(string part) => "\"" + string.Concat(part.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString())) + "\"";

    [Property(MaxTest = 1000, Arbitrary = [typeof(Arbitraries)])]
    public bool Keys_with_different_values_never_share_a_text(Scenario s)
    {
        var f = s.Fixture(2);
        var keys = s.Keys.Select(k => f.Version(k, 0, "a").Key).ToList();
        return keys.All(a => keys.All(b => a.Equals(b) == (KeyOf(a) == KeyOf(b))));
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(Arbitraries)])]
    public bool Composite_key_text_decodes_to_its_parts(Scenario s)
        => !s.Composite || s.Keys.All(k => CompositeKey.Decode(CompositeKey.Encode(k)) is { } parts && parts.SequenceEqual(k));
}
