using System.Text;
using Stratum.Contracts;
using Stratum.Invariants;
using Stratum.State;

namespace Stratum.Cli.Tests;

/// <summary>
/// Issue 11 item 1, snapshot tables on real files, SQLite state and DuckDB: the table depends on
/// the set of snapshot files, not on the order they arrive in or on how their names sort.
/// </summary>
public sealed class SnapshotLoadTests
{
    private const string Yaml = """
        table: accounts
        scd_type: 2
        key: [id]
        event_time: file:key
        snapshot: true
        columns:
          id: string
          name: string?
          updated_at: timestamp?
        """;

    private static async Task PutAsync(EmbeddedWorld w, string name, params string[] rows)
        => await w.Objects.PutAsync(w.Stream.Prefix + name,
            new MemoryStream(Encoding.UTF8.GetBytes("id,name,updated_at\n" + string.Concat(rows.Select(r => r + "\n")))), default);

    private static async Task<string> HistoryAsync(EmbeddedWorld w)
    {
        var table = await w.TableAsync();
        Assert.Empty(InvariantChecker.Check(table, new InvariantOptions(GapsAllowed: true)));
        return string.Join(" ", table.Where(r => !r.IsDeleteMarker)
            .OrderBy(r => r.Key.Text, StringComparer.Ordinal).ThenBy(r => r.EffectiveDate)
            .Select(r => $"{r.Key.Text}:{r.Values[1]}[{r.EffectiveDate:MM-dd}..{(r.ExpirationDate is { } e ? e.ToString("MM-dd") : "")})"));
    }

    [Fact]
    public async Task An_older_snapshot_landing_after_a_newer_one_gives_the_in_order_table()
    {
        await using var inOrder = new EmbeddedWorld(contractYaml: Yaml);
        await using var late = new EmbeddedWorld(contractYaml: Yaml);
        string[] jan1 = ["a,Ann,", "b,Bob,"], jan2 = ["a,Ann,"];

        await PutAsync(inOrder, "snap-2025-01-01T00-00-00Z.csv", jan1);
        await inOrder.LoadAsync();
        await PutAsync(inOrder, "snap-2025-01-02T00-00-00Z.csv", jan2);
        await inOrder.LoadAsync();

        await PutAsync(late, "snap-2025-01-02T00-00-00Z.csv", jan2);
        await late.LoadAsync();
        await PutAsync(late, "snap-2025-01-01T00-00-00Z.csv", jan1); // b: only in the older snapshot
        Assert.Equal(LoadOutcome.Loaded, (await late.LoadAsync()).Outcome);

        Assert.Equal("a:Ann[01-01..) b:Bob[01-01..01-02)", await HistoryAsync(inOrder));
        Assert.Equal(await HistoryAsync(inOrder), await HistoryAsync(late));
    }

    [Fact]
    public async Task Snapshots_are_taken_by_their_time_not_by_how_their_names_sort()
    {
        // As text "snap-10" sorts before "snap-9"; the times in the names say 9 comes first.
        await using var w = new EmbeddedWorld(contractYaml: Yaml);
        await PutAsync(w, "snap-10-2025-01-10T00-00-00Z.csv", "a,Ann,");
        await PutAsync(w, "snap-9-2025-01-09T00-00-00Z.csv", "a,Ann,", "b,Bob,");
        var run = await w.LoadAsync();
        Assert.Equal(2, run.FilesCommitted);
        Assert.Equal("a:Ann[01-09..) b:Bob[01-09..01-10)", await HistoryAsync(w));
    }

    [Fact]
    public async Task An_empty_snapshot_deletes_every_key_and_a_later_one_reopens_what_it_lists()
    {
        await using var w = new EmbeddedWorld(contractYaml: Yaml);
        await PutAsync(w, "snap-2025-01-01T00-00-00Z.csv", "a,Ann,", "b,Bob,");
        await w.LoadAsync();
        await PutAsync(w, "snap-2025-01-02T00-00-00Z.csv"); // header only
        var empty = await w.LoadAsync();
        Assert.Equal(1, empty.FilesCommitted);
        Assert.Equal(2, empty.Counts.Deleted);
        Assert.Equal("a:Ann[01-01..01-02) b:Bob[01-01..01-02)", await HistoryAsync(w));

        await PutAsync(w, "snap-2025-01-03T00-00-00Z.csv", "a,Ann,");
        await w.LoadAsync();
        Assert.Equal("a:Ann[01-01..01-02) a:Ann[01-03..) b:Bob[01-01..01-02)", await HistoryAsync(w));
    }

    [Fact]
    public async Task A_key_whose_own_updated_at_is_later_than_the_snapshot_is_still_deleted_by_the_next_snapshot()
    {
        // The version's time is its snapshot's time (the file's key), not a column: a row stamped in
        // the future does not outlive the next snapshot that lacks it.
        await using var w = new EmbeddedWorld(contractYaml: Yaml);
        await PutAsync(w, "snap-2025-01-01T00-00-00Z.csv", "a,Ann,2025-01-01T00:00:00Z", "b,Bob,2030-01-01T00:00:00Z");
        await PutAsync(w, "snap-2025-01-02T00-00-00Z.csv", "a,Ann,2025-01-01T00:00:00Z");
        await w.LoadAsync();
        Assert.Equal("a:Ann[01-01..) b:Bob[01-01..01-02)", await HistoryAsync(w));
    }

    [Fact]
    public async Task A_copy_of_a_loaded_snapshot_under_another_name_changes_nothing_and_a_different_one_at_the_same_time_is_quarantined()
    {
        await using var w = new EmbeddedWorld(contractYaml: Yaml);
        await PutAsync(w, "snap-2025-01-01T00-00-00Z.csv", "a,Ann,", "b,Bob,");
        await w.LoadAsync();
        var before = await HistoryAsync(w);

        await PutAsync(w, "resent/snap-2025-01-01T00-00-00Z.csv", "b,Bob,", "a,Ann,");
        var copy = await w.LoadAsync();
        Assert.Equal((1, 0), (copy.FilesCommitted, copy.FilesQuarantined));

        await PutAsync(w, "other/snap-2025-01-01T00-00-00Z.csv", "a,Ann,");
        var other = await w.LoadAsync();
        Assert.Equal((0, 1), (other.FilesCommitted, other.FilesQuarantined));
        var reason = (await w.LedgerAsync()).Values.Single(e => e.Status == FileStatus.Quarantined).Reason;
        Assert.Contains("another snapshot at the same time", reason);
        Assert.Contains("snap-2025-01-01T00-00-00Z.csv", reason);
        Assert.Equal(before, await HistoryAsync(w));
    }

    [Fact]
    public void A_snapshot_contract_cannot_take_its_times_from_a_column()
    {
        var e = Assert.Throws<ContractException>(() => ContractLoader.Parse(Yaml.Replace("event_time: file:key", "event_time: updated_at").Replace("updated_at: timestamp?", "updated_at: timestamp"), "accounts.yaml"));
        Assert.Contains("snapshot: true takes every version's time from the snapshot file", e.Message);
    }
}
