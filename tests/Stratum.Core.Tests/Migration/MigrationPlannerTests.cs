using Stratum.Contracts;
using Stratum.Hashing;
using Stratum.Invariants;
using Stratum.Migration;
using Stratum.Planning;
using static Stratum.Core.Tests.Migration.MigrationFixture;

namespace Stratum.Core.Tests.Migration;

public class MigrationPlannerTests
{
    private static readonly DateTime T0 = new(2025, 6, 21, 10, 0, 0, DateTimeKind.Utc);

    private static DateTime At(int minute) => T0.AddMinutes(minute);

    private static IncomingRow Row(TableContract c, string id, int minute, string? status, string? priority, long? amount = 1, bool deleted = false)
    {
        object?[] values = [id, At(minute), status, priority, amount, deleted];
        return new IncomingRow(RowKey.Of(id), At(minute), deleted ? "" : new RowHasher(c).Hash(values), deleted, values, $"f{minute}");
    }

    private static List<VersionRow> Load(TableContract c, IReadOnlyList<VersionRow> table, params IncomingRow[] batch)
    {
        var plan = new ScdPlanner(c).Plan(table, batch, "load");
        var affected = plan.Keys.Select(k => k.Key).ToHashSet();
        return [.. table.Where(r => !affected.Contains(r.Key)).Concat(plan.AllRows)];
    }

    private static List<VersionRow> Apply(IReadOnlyList<VersionRow> table, TenantMigration m)
    {
        var affected = m.Plan.ChangedKeys.Select(k => k.Key).ToHashSet();
        return [.. table.Where(r => !affected.Contains(r.Key)).Concat(m.Plan.ChangedKeys.SelectMany(k => k.Rows))];
    }

    /// <summary>k1 changes priority twice and status once; k2 never changes status, then is deleted.</summary>
    private static List<VersionRow> History(TableContract c)
    {
        var t = Load(c, [], Row(c, "k1", 0, "open", "p1"), Row(c, "k2", 0, "open", "p1"));
        t = Load(c, t, Row(c, "k1", 5, "open", "p2"), Row(c, "k2", 5, "open", "p2"));
        t = Load(c, t, Row(c, "k1", 10, "closed", "p2"), Row(c, "k2", 10, "open", "p3"));
        return Load(c, t, Row(c, "k2", 20, null, null, null, deleted: true));
    }

    [Fact]
    public void Without_a_migration_a_narrower_tracked_set_makes_a_spurious_version_of_every_key()
    {
        var before = Contract(tracked: ["status", "priority"]);
        var after = Contract(tracked: ["status"]);
        var table = History(before);
        // The stored hashes cover status and priority; the new contract's cover status only, so an
        // unchanged status no longer matches the open version: the failure this issue is about.
        var reloaded = Load(after, table, Row(after, "k1", 30, "closed", "p2"));
        Assert.Equal(3, table.Count(r => r.Key.Text == "k1"));
        Assert.Equal(4, reloaded.Count(r => r.Key.Text == "k1"));
    }

    [Fact]
    public void Versions_equal_under_the_new_tracked_set_collapse_and_the_next_load_adds_none()
    {
        var before = Contract(tracked: ["status", "priority"]);
        var after = Contract(tracked: ["status"]);
        var table = History(before);
        var m = MigrationPlanner.Plan(before, after, "acme", table, "migrate");
        Assert.Empty(m.Problems);
        Assert.Equal(2, m.Keys);
        Assert.Equal(2, m.KeysChanged);
        Assert.Equal(6, m.RowsBefore);   // k1: 3 versions; k2: 3 versions, closed by the delete
        Assert.Equal(3, m.RowsAfter);    // k1: open, closed; k2: open (closed at the delete)
        Assert.Equal(3, m.VersionsCollapsed);
        var migrated = Apply(table, m);
        Assert.Empty(InvariantChecker.Check(migrated, new InvariantOptions(GapsAllowed: true)));

        var k1 = migrated.Where(r => r.Key.Text == "k1").OrderBy(r => r.EffectiveDate).ToList();
        Assert.Equal([At(0), At(10)], k1.Select(r => r.EffectiveDate));
        Assert.Equal(At(10), k1[0].ExpirationDate);
        Assert.Equal("f0", k1[0].SourceFile); // lineage of the first event kept
        Assert.Equal("load", k1[0].LoadId);
        var k2 = Assert.Single(migrated, r => r.Key.Text == "k2");
        Assert.Equal(At(20), k2.ExpirationDate); // the delete still closes it
        Assert.False(k2.IsCurrent);

        // A file that only changes priority is no new version now.
        var reloaded = Load(after, migrated, Row(after, "k1", 30, "closed", "p9"));
        Assert.Equal(2, reloaded.Count(r => r.Key.Text == "k1"));
        // Migrating again changes nothing.
        var again = MigrationPlanner.Plan(after, after, "acme", migrated, "migrate");
        Assert.Equal(0, again.KeysChanged);
    }

    [Fact]
    public void The_rebuilt_history_is_what_loading_the_same_files_under_the_new_contract_gives()
    {
        var before = Contract(tracked: ["status", "priority"]);
        var after = Contract(tracked: ["status"]);
        var migrated = Apply(History(before), MigrationPlanner.Plan(before, after, "acme", History(before), "migrate"));
        var direct = History(after);
        static string Show(IEnumerable<VersionRow> rows) => string.Join("\n", rows.OrderBy(r => r.Key).ThenBy(r => r.EffectiveDate)
            .Select(r => $"{r.Key}|{r.EffectiveDate:O}|{r.ExpirationDate:O}|{r.IsCurrent}|{r.Hash}|{r.RecordVersion}|{r.Hidden}"));
        Assert.Equal(Show(direct), Show(migrated));
    }

    [Fact]
    public void A_nullable_column_added_is_null_in_the_stored_rows_and_joins_the_hash()
    {
        var before = Contract();
        var after = Contract(columns: [.. Columns(), Col("owner", ColumnType.String)]);
        var table = History(before);
        var m = MigrationPlanner.Plan(before, after, "acme", table, "migrate");
        Assert.Empty(m.Problems);
        Assert.Equal(0, m.VersionsCollapsed);
        var migrated = Apply(table, m);
        Assert.All(migrated, r => Assert.Null(r.Values[after.Ordinal("owner")]));
        Assert.All(migrated.Where(r => !r.IsDeleteMarker), r => Assert.Equal(new RowHasher(after).Hash(r.Values), r.Hash));
        // A file with the column empty matches the stored version: no new version.
        object?[] same = ["k1", At(30), "closed", "p2", 1L, false, null];
        var reloaded = new ScdPlanner(after).Plan(migrated, [new IncomingRow(Stratum.Planning.RowKey.Of("k1"), At(30), new RowHasher(after).Hash(same), false, same, "f30")], "l");
        Assert.Equal(0, reloaded.Counts.Inserted);
        Assert.Equal(1, reloaded.Counts.Unchanged);
        Assert.Equal(3, reloaded.Keys.Single().Rows.Count);
    }

    [Fact]
    public void Scd2_to_scd1_keeps_the_latest_event_of_each_key()
    {
        var before = Contract();
        var after = Contract(scdType: 1);
        var table = History(before);
        var m = MigrationPlanner.Plan(before, after, "acme", table, "migrate");
        Assert.Empty(m.Problems);
        var migrated = Apply(table, m);
        var k1 = Assert.Single(migrated, r => r.Key.Text == "k1");
        Assert.Equal(At(10), k1.EffectiveDate);
        Assert.Equal("closed", k1.Values[2]);
        Assert.True(Assert.Single(migrated, r => r.Key.Text == "k2").IsDeleteMarker);
        Assert.Empty(InvariantChecker.Check(migrated, new InvariantOptions(GapsAllowed: true)));
    }

    [Fact]
    public void A_tombstone_taken_away_is_refused_by_the_diff()
    {
        var diff = ContractDiff.Between(Contract(), Contract(tombstone: false));
        Assert.Equal("tombstone deleted → none", Assert.Single(diff.Blockers).Text);
    }

    [Fact]
    public void A_column_made_non_null_with_nulls_stored_is_refused()
    {
        var before = Contract();
        var cols = Columns();
        cols[3] = Col("priority", ColumnType.String, false);
        var table = Load(before, [], Row(before, "k1", 0, "open", null));
        var m = MigrationPlanner.Plan(before, Contract(columns: cols), "acme", table, "migrate");
        Assert.Contains("priority is null", Assert.Single(m.Problems), StringComparison.Ordinal);
    }
}
