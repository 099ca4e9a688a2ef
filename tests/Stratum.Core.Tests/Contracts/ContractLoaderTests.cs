using Stratum.Contracts;

namespace Stratum.Core.Tests.Contracts;

public class ContractLoaderTests
{
    private const string Valid = """
        table: time_entries
        scd_type: 2
        key: [id]
        event_time: last_updated
        tombstone: is_deleted
        renames:
          dateEntered: date_entered
        scd_columns:
          effective_date: valid_from
        columns:
          id: string
          notes: string?
          hours: decimal(10,2)?
          date_entered: timestamp
          last_updated: timestamp
          is_deleted: bool?
        """;

    [Fact]
    public void Valid_contract_loads_with_defaults()
    {
        var c = ContractLoader.Parse(Valid, "time_entries.yaml");
        Assert.Equal("time_entries", c.Table.Value);
        Assert.Equal(2, c.ScdType);
        Assert.Equal(["id"], c.Key.Select(k => k.Value));
        Assert.Equal("last_updated", c.EventTimeColumn!.Value.Value);
        Assert.Equal(["notes", "hours", "date_entered"], c.Tracked.Select(t => t.Value)); // not key, event time, tombstone
        Assert.Equal(ColumnType.Decimal(10, 2), c.Column("hours").Type);
        Assert.True(c.Column("notes").Nullable);
        Assert.Equal("date_entered", c.Renames["dateEntered"].Value);
        Assert.Equal("valid_from", c.ScdColumns.EffectiveDate.Value);
        Assert.Equal("expiration_date", c.ScdColumns.ExpirationDate.Value);
        Assert.True(c.HasDeletes);
    }

    [Fact]
    public void Every_problem_is_reported_with_file_line_and_field()
    {
        const string bad = """
            table: Time-Entries
            scd_type: 3
            key: [idd]
            event_time: notes
            tracked: [id, nope]
            colour: blue
            columns:
              id: string?
              notes: strin
              last_updated: timestamp
            """;
        var e = Assert.Throws<ContractException>(() => ContractLoader.Parse(bad, "bad.yaml"));
        var text = string.Join("\n", e.Problems);
        Assert.Contains("bad.yaml:1: table: name 'Time-Entries' must start with a lower-case letter", text, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:6: colour: unknown field", text, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:9: columns.notes: unknown type 'strin'", text, StringComparison.Ordinal);
        Assert.True(e.Problems.Count >= 3);
    }

    [Fact]
    public void Semantic_problems_are_all_reported_with_suggestions()
    {
        const string bad = """
            table: t
            scd_type: 3
            key: [idd]
            event_time: last_updatd
            columns:
              id: string
              notes: string?
              last_updated: timestamp
              is_current: bool
            """;
        var e = Assert.Throws<ContractException>(() => ContractLoader.Parse(bad, "t.yaml"));
        var text = string.Join("\n", e.Problems);
        Assert.Contains("scd_type: is 3; it must be 1 or 2", text, StringComparison.Ordinal);
        Assert.Contains("key: names 'idd', which is not a declared column (did you mean 'id'?)", text, StringComparison.Ordinal);
        Assert.Contains("(did you mean 'last_updated'?)", text, StringComparison.Ordinal);
        Assert.Contains("columns.is_current: collides with the is_current column Stratum adds", text, StringComparison.Ordinal);
        Assert.All(e.Problems, p => Assert.True(p.Line > 0, $"no line for {p}"));
    }

    [Fact]
    public void Nullable_key_and_nullable_event_time_are_refused()
    {
        const string bad = """
            table: t
            key: [id]
            event_time: ts
            columns:
              id: string?
              ts: timestamp?
            """;
        var e = Assert.Throws<ContractException>(() => ContractLoader.Parse(bad, "t.yaml"));
        Assert.Equal(2, e.Problems.Count);
    }

    [Fact]
    public void File_time_event_sources_parse()
    {
        var c = ContractLoader.Parse("table: t\nkey: [id]\nevent_time: file:key\ncolumns:\n  id: int64\n  v: string?\n", "t.yaml");
        Assert.Equal(EventTimeSource.FileKey, c.EventTimeSource);
        Assert.Null(c.EventTimeColumn);
        Assert.Equal(["v"], c.Tracked.Select(t => t.Value));
    }

    [Fact]
    public void Example_contracts_are_valid()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "../../../../../examples/msp/contracts");
        var contracts = ContractLoader.LoadFolder(folder);
        Assert.Equal(["companies", "contacts", "tickets", "time_entries"], contracts.Select(c => c.Table.Value).Order());
        var te = contracts.Single(c => c.Table.Value == "time_entries");
        Assert.Equal(2, te.ScdType);
        Assert.Equal("date_entered", te.Renames["dateEntered"].Value);
    }
    [Fact]
    public void Missing_columns_defaults_to_reject_and_parses_null_and_reject()
    {
        Assert.Equal(MissingColumnPolicy.Reject, ContractLoader.Parse(Valid, "t.yaml").MissingColumns);
        Assert.Equal(MissingColumnPolicy.Null, ContractLoader.Parse("missing_columns: null\n" + Valid, "t.yaml").MissingColumns);
        Assert.Equal(MissingColumnPolicy.Reject, ContractLoader.Parse("missing_columns: reject\n" + Valid, "t.yaml").MissingColumns);
    }

    [Fact]
    public void Missing_columns_with_a_bad_value_is_reported_with_file_line_and_field()
    {
        var e = Assert.Throws<ContractException>(() => ContractLoader.Parse(Valid + "\nmissing_columns: maybe\n", "t.yaml"));
        var problem = Assert.Single(e.Problems);
        Assert.Equal("t.yaml:17: missing_columns: 'maybe' is not reject or null", problem.ToString());
    }
}
