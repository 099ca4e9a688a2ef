using Stratum.Audit;
using Stratum.Names;

namespace Stratum.Core.Tests.Audit;

public class AuditColumnsTests
{
    private static SchemaColumn C(string name, ColumnClass kind, bool nullable = false, string type = "t") => new(Identifier.Parse(name), type, kind, nullable);

    private static TableSchema Legacy(params SchemaColumn[] extra) => new(Identifier.Parse("time_entries"),
    [
        C("tenant_id", ColumnClass.Text), C("id", ColumnClass.Text), C("notes", ColumnClass.Text, true), C("last_updated", ColumnClass.Timestamp),
        C("effective_date", ColumnClass.Timestamp), C("expiration_date", ColumnClass.Timestamp, true), C("is_current", ColumnClass.Number),
        C("record_version", ColumnClass.Number), .. extra,
    ]);

    private static AuditedTable Table(Identifier? loadedAt = null) => new()
    {
        Table = Identifier.Parse("time_entries"), Key = [Identifier.Parse("id")], Version = Identifier.Parse("last_updated"),
        RecordVersion = Identifier.Parse("record_version"), LoadedAt = loadedAt, Lineage = loadedAt is null ? [] : [Identifier.Parse("batch")],
    };

    [Fact]
    public void Identity_leaves_out_write_metadata_and_content_leaves_out_the_scd_bookkeeping()
    {
        var c = new AuditColumns(Table(Identifier.Parse("inserted_at")), Legacy(C("inserted_at", ColumnClass.Timestamp), C("batch", ColumnClass.Text)));
        Assert.Equal(["tenant_id", "id", "notes", "last_updated", "effective_date", "expiration_date", "is_current", "record_version"], c.Identity.Select(x => x.Name.Value));
        Assert.Equal(["notes", "last_updated"], c.Content.Select(x => x.Name.Value));
        Assert.Equal(["inserted_at", "batch"], c.Metadata.Select(x => x.Name.Value));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var t = Table() with { Key = [Identifier.Parse("idd")], Version = Identifier.Parse("notes") };
        var e = Assert.Throws<AuditSetupException>(() => new AuditColumns(t, Legacy(C("sa_x", ColumnClass.Text))));
        Assert.Contains(e.Problems, p => p.Contains("key column 'idd' is not a column", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("version column 'notes'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("sa_ are reserved", StringComparison.Ordinal));
    }

    [Fact]
    public void A_column_in_two_roles_and_a_non_nullable_expiration_date_are_refused()
    {
        var schema = new TableSchema(Identifier.Parse("t"), [.. Legacy().Columns.Select(c => c.Name.Value == "expiration_date" ? c with { Nullable = false } : c)]);
        var e = Assert.Throws<AuditSetupException>(() => new AuditColumns(Table() with { LoadedAt = Identifier.Parse("effective_date") }, schema));
        Assert.Contains(e.Problems, p => p.Contains("more than one role", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("not nullable", StringComparison.Ordinal));
    }
}
