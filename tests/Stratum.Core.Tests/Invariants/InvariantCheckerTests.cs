using Stratum.Invariants;
using Stratum.Planning;

namespace Stratum.Core.Tests.Invariants;

public class InvariantCheckerTests
{
    private static readonly DateTime T = new(2025, 6, 21, 0, 0, 0, DateTimeKind.Utc);

    private static VersionRow Row(string key, int from, int? to, bool current, string hash = "h", string value = "v")
        => new() { Key = RowKey.Of(key), Values = [key, value], EffectiveDate = T.AddHours(from), ExpirationDate = to is { } t ? T.AddHours(t) : null, IsCurrent = current, Hash = hash };

    private static IEnumerable<ViolationKind> Kinds(params VersionRow[] rows) => InvariantChecker.Check(rows).Select(v => v.Kind);

    [Fact]
    public void Correct_history_has_no_violation()
        => Assert.Empty(Kinds(Row("k", 0, 1, false, "a"), Row("k", 1, 5, false, "b"), Row("k", 5, null, true, "c")));

    [Fact]
    public void Exact_duplicates() => Assert.Contains(ViolationKind.ExactDuplicate, Kinds(Row("k", 0, null, true), Row("k", 0, null, true)));

    [Fact]
    public void Several_current_rows() => Assert.Contains(ViolationKind.MultipleCurrent, Kinds(Row("k", 0, null, true, "a"), Row("k", 1, null, true, "b")));

    [Fact]
    public void Same_version_current_and_not()
        => Assert.Contains(ViolationKind.SameVersionDifferentCurrent, Kinds(Row("k", 0, null, true), Row("k", 0, 3, false)));

    [Fact]
    public void Same_start_different_content() => Assert.Contains(ViolationKind.DuplicateVersion, Kinds(Row("k", 0, 2, false, "a"), Row("k", 0, 2, false, "b")));

    [Fact]
    public void Overlap() => Assert.Contains(ViolationKind.OverlappingInterval, Kinds(Row("k", 0, 3, false, "a"), Row("k", 2, null, true, "b")));

    [Fact]
    public void Open_interval_followed_by_another_version_overlaps()
        => Assert.Contains(ViolationKind.OverlappingInterval, Kinds(Row("k", 0, null, false, "a"), Row("k", 2, null, true, "b")));

    [Fact]
    public void Inverted() => Assert.Contains(ViolationKind.InvertedInterval, Kinds(Row("k", 3, 1, false)));

    [Fact]
    public void Gap_unless_deletes_are_allowed()
    {
        VersionRow[] rows = [Row("k", 0, 1, false, "a"), Row("k", 2, null, true, "b")];
        Assert.Contains(ViolationKind.Gap, InvariantChecker.Check(rows).Select(v => v.Kind));
        Assert.Empty(InvariantChecker.Check(rows, new InvariantOptions(GapsAllowed: true)));
    }

    [Fact]
    public void Expired_without_expiration() => Assert.Contains(ViolationKind.ExpiredWithoutExpirationDate, Kinds(Row("k", 0, null, false)));

    [Fact]
    public void Current_with_expiration() => Assert.Contains(ViolationKind.CurrentWithExpirationDate, Kinds(Row("k", 0, 4, true)));

    [Fact]
    public void Future_effective_date()
        => Assert.Contains(ViolationKind.FutureEffectiveDate, InvariantChecker.Check([Row("k", 10, null, true)], new InvariantOptions(Now: T)).Select(v => v.Kind));

    [Fact]
    public void The_incident_shape_is_seen_whole()
    {
        // One current row plus 44 identical non-current copies of the same version.
        var rows = Enumerable.Repeat(Row("k", 0, null, false), 44).Append(Row("k", 0, null, true)).ToArray();
        var kinds = Kinds(rows).ToList();
        Assert.Contains(ViolationKind.ExactDuplicate, kinds);
        Assert.Contains(ViolationKind.SameVersionDifferentCurrent, kinds);
        Assert.Contains(ViolationKind.ExpiredWithoutExpirationDate, kinds);
    }
}
