using Stratum.Simulation;
using System.Text;
using Stratum.Planning;
using Stratum.State;

namespace Stratum.Cli.Tests;

/// <summary>
/// Issue 11, timestamps over their whole range: an event before 1970 (or far ahead) is valid data,
/// and no value may make a stream unloadable.
/// </summary>
public sealed class TimeRangeTests
{
    private static readonly Stratum.Contracts.TableContract Contract = Stratum.Contracts.ContractLoader.Parse(
        ExampleContracts.All().Single(c => c.Name == "time_entries.yaml").Text, "time_entries.yaml");

    private static async Task PutCsvAsync(EmbeddedWorld w, string name, params string[] rows)
        => await w.Objects.PutAsync(w.Stream.Prefix + name, new MemoryStream(Encoding.UTF8.GetBytes(string.Join(",", w.Contract.Columns.Select(c => c.Name.Value)) + "\n" + string.Concat(rows.Select(r => r + "\n")))), default);

    /// <summary>A time_entries CSV line, columns in contract order, the ones not given empty.</summary>
    private static string Entry(string id, string lastUpdated, string entered = "1965-03-01T09:00:00Z", string timeStart = "1965-03-01T08:00:00Z")
    {
        var values = new Dictionary<string, string>
        {
            ["id"] = id, ["date_entered"] = entered, ["source_system"] = "connectwise", ["source_id"] = id, ["last_updated"] = lastUpdated, ["time_start"] = timeStart,
        };
        return string.Join(",", Contract.Columns.Select(c => values.GetValueOrDefault(c.Name.Value, "")));
    }

    [Fact]
    public async Task A_version_dated_1965_repeated_in_a_later_file_does_not_stick_the_stream()
    {
        await using var w = new EmbeddedWorld();
        await PutCsvAsync(w, "2026-01-01-a.csv", Entry("1", "1965-03-01T10:00:00Z"), Entry("2", "1965-03-01T10:00:00Z"));
        Assert.Equal(1, (await w.LoadAsync()).FilesCommitted);

        // The same version again, last_updated bumped only: a hidden repeat at a pre-1970 time.
        await PutCsvAsync(w, "2026-01-02-b.csv", Entry("1", "1965-03-02T10:00:00Z"));
        var repeat = await w.LoadAsync();
        Assert.Equal(LoadOutcome.Loaded, repeat.Outcome);
        var one = Assert.Single(await w.TableAsync(), r => r.Key.Text == "1");
        Assert.Equal(new DateTime(1965, 3, 2, 10, 0, 0, DateTimeKind.Utc), Assert.Single(HiddenEvents.Parse(one.Hidden)).Time);

        // Later loads: the key with the hidden event, and other keys, load.
        await PutCsvAsync(w, "2026-01-03-c.csv", Entry("1", "1965-03-03T10:00:00Z", entered: "1965-03-03T09:00:00Z"), Entry("3", "1969-12-31T23:59:59.999999Z"));
        var later = await w.LoadAsync();
        Assert.Equal(LoadOutcome.Loaded, later.Outcome);
        Assert.Equal(1, later.FilesCommitted);
        await PutCsvAsync(w, "2026-01-04-d.csv", Entry("4", "2025-06-21T10:00:00Z"));
        Assert.Equal(1, (await w.LoadAsync()).FilesCommitted);

        var table = await w.TableAsync();
        Assert.Equal(["1", "1", "2", "3", "4"], table.Select(r => r.Key.Text).Order(StringComparer.Ordinal));
        var history = table.Where(r => r.Key.Text == "1").OrderBy(r => r.EffectiveDate).ToList();
        Assert.Equal(new DateTime(1965, 3, 1, 10, 0, 0, DateTimeKind.Utc), history[0].EffectiveDate);
        Assert.Equal(new DateTime(1965, 3, 3, 10, 0, 0, DateTimeKind.Utc), history[0].ExpirationDate);
        Assert.True(history[1].IsCurrent);
        Assert.DoesNotContain((await w.LedgerAsync()).Values, e => e.Status == FileStatus.Quarantined);
    }

    [Fact]
    public async Task Timestamps_from_year_1_to_9999_load_into_DuckDB()
    {
        await using var w = new EmbeddedWorld();
        await PutCsvAsync(w, "2026-01-01-a.csv",
            Entry("1", "0001-01-01T00:00:00Z", entered: "0001-01-01T00:00:00Z", timeStart: "0001-01-01T00:00:00Z"),
            Entry("2", "9999-12-31T23:59:59.999999Z", entered: "9999-12-31T23:59:59.999999Z", timeStart: "9999-12-31T23:59:59.999999Z"));
        await PutCsvAsync(w, "2026-01-02-b.csv", Entry("1", "0001-01-02T00:00:00Z", entered: "0001-01-01T00:00:00Z", timeStart: "0001-01-01T00:00:00Z"));
        Assert.Equal(2, (await w.LoadAsync()).FilesCommitted);
        await PutCsvAsync(w, "2026-01-03-c.csv", Entry("1", "0001-01-03T00:00:00Z", entered: "0001-01-03T00:00:00Z"));
        Assert.Equal(1, (await w.LoadAsync()).FilesCommitted);

        var table = await w.TableAsync();
        var first = table.Where(r => r.Key.Text == "1").OrderBy(r => r.EffectiveDate).ToList();
        Assert.Equal(DateTime.MinValue, first[0].EffectiveDate);
        Assert.Equal(new DateTime(1, 1, 3, 0, 0, 0, DateTimeKind.Utc), first[0].ExpirationDate);
        var last = Assert.Single(table, r => r.Key.Text == "2");
        Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990), last.EffectiveDate);
        Assert.Equal(last.EffectiveDate, last.Values[w.Contract.Ordinal("time_start")]);
    }
}
