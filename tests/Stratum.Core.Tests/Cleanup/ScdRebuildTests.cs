using Stratum.Audit;
using Stratum.Cleanup;

namespace Stratum.Core.Tests.Cleanup;

public class ScdRebuildTests
{
    private static readonly DateTime T0 = new(2025, 6, 20, 10, 0, 0, DateTimeKind.Utc);

    private static DateTime T(int h) => T0.AddHours(h);

    private static HistoryRow Row(string key, int version, int? exp, bool current, ulong content, ulong row, long copies = 1, int? eff = null)
        => new("acme", key, "p", T(version), T(eff ?? version), exp is { } x ? T(x) : null, current, content, row, copies);

    [Fact]
    public void The_incidents_key_becomes_one_current_row_from_its_one_version()
    {
        // One current row and 44 non-current copies of the same version, effective dates at load times.
        var plan = ScdRebuild.Plan([Row("1", 0, null, true, 7, 100, eff: 24), Row("1", 0, 24, false, 7, 200, copies: 44, eff: 23)], mayInferDeletes: false);
        var d = Assert.Single(plan.Decisions);
        Assert.Equal(new RowDecision(100, T(0), null, true, 1), d); // the current row is the copy kept
        Assert.Equal(45, plan.RowsBefore);
        Assert.Empty(plan.Notes);
    }

    [Fact]
    public void Overlapping_and_gapped_versions_are_chained_end_to_start_and_numbered()
    {
        var plan = ScdRebuild.Plan([Row("k", 0, 5, false, 1, 10), Row("k", 3, 4, false, 2, 20), Row("k", 8, null, true, 3, 30)], mayInferDeletes: false);
        Assert.Equal(
            [new RowDecision(10, T(0), T(3), false, 1), new RowDecision(20, T(3), T(8), false, 2), new RowDecision(30, T(8), null, true, 3)],
            plan.Decisions);
    }

    [Fact]
    public void A_key_with_no_current_row_stays_closed_at_its_latest_expiration()
    {
        var plan = ScdRebuild.Plan([Row("k", 0, 2, false, 1, 10), Row("k", 2, 6, false, 2, 20)], mayInferDeletes: false);
        Assert.Equal([new RowDecision(10, T(0), T(2), false, 1), new RowDecision(20, T(2), T(6), false, 2)], plan.Decisions);
    }

    [Fact]
    public void A_key_with_no_current_row_and_no_later_expiration_is_made_current_and_said_so()
    {
        var plan = ScdRebuild.Plan([Row("k", 0, null, false, 1, 10)], mayInferDeletes: false);
        Assert.Equal([new RowDecision(10, T(0), null, true, 1)], plan.Decisions);
        Assert.Contains("current again", Assert.Single(plan.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_contents_at_one_version_keep_the_greater_hash_and_report_the_other()
    {
        var plan = ScdRebuild.Plan([Row("k", 0, null, true, 5, 10), Row("k", 0, null, true, 9, 20)], mayInferDeletes: false);
        Assert.Equal(20UL, Assert.Single(plan.Decisions).RowHash);
        Assert.Contains("different content", Assert.Single(plan.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Where_deletes_exist_an_expiration_in_a_gap_stays_a_gap()
    {
        var rows = new[] { Row("k", 0, 2, false, 1, 10), Row("k", 5, null, true, 2, 20), Row("k", 5, null, true, 2, 21) };
        Assert.Equal([new RowDecision(10, T(0), T(2), false, 1), new RowDecision(20, T(5), null, true, 2)], ScdRebuild.Plan(rows, mayInferDeletes: true).Decisions);
        Assert.Equal(T(5), ScdRebuild.Plan(rows, mayInferDeletes: false).Decisions[0].Expiration);
    }
}
