using Stratum.Contracts;

namespace Stratum.Formats.Tests.Mapping;

/// <summary>How input columns meet the contract, the same in every format: files written by the writers in the shape of a drifted source.</summary>
public sealed class ColumnMappingTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static Dictionary<string, string> Renamed(string from, string to) => new() { [from] = to };

    /// <summary>Rows of the contract in a file whose date_entered column is called dateEntered, as the source API spells it.</summary>
    private async Task<string> WriteCamelCaseAsync(string format, IEnumerable<object?[]> rows)
    {
        var path = await _files.WriteAsync(format, TestFiles.FileShape(TestFiles.Contract(), Renamed("date_entered", "dateentered")), rows);
        return TestFiles.RenameInFile(path, "dateentered", "dateEntered");
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Columns_are_matched_by_name_whatever_their_order_in_the_file(string format)
    {
        var contract = TestFiles.Contract();
        var order = contract.Columns.Select((c, i) => (c, i)).Reverse().ToList();
        var shape = TestFiles.Build(order.Select(p => (p.c.Name.Value, p.c.Type, p.c.Nullable)), withEventTime: false);
        var rows = Enumerable.Range(0, 5).Select(TestFiles.Row).ToList();
        var path = await _files.WriteAsync(format, shape, rows.Select(r => order.Select(p => r[p.i]).ToArray()));

        Assert.Equal(rows, await TestFiles.ReadAsync(path, contract));
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Missing_column_is_rejected_naming_the_closest_input_column(string format)
    {
        var contract = TestFiles.Contract();
        var path = await _files.WriteAsync(format, TestFiles.FileShape(contract, Renamed("date_entered", "created_date")), [TestFiles.Row(1)]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'date_entered' is missing (did you mean 'created_date'?)", e.Message, StringComparison.Ordinal);
        Assert.Equal($"data.{format}", e.File);
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Missing_nullable_column_is_rejected_not_read_as_null(string format)
    {
        var contract = TestFiles.Contract();
        var path = await _files.WriteAsync(format, TestFiles.FileShape(contract, drop: ["seen_at"]), [TestFiles.Row(1)[..^1]]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'seen_at' is missing", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Several_missing_columns_are_listed_together(string format)
    {
        var contract = TestFiles.Contract();
        var path = await _files.WriteAsync(format, TestFiles.FileShape(contract, drop: ["ratio", "seen_at"]),
            [TestFiles.Row(1).Where((_, i) => i is not (6 or 9)).ToArray()]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("2 columns are missing: 'ratio', 'seen_at'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Renamed_input_column_fills_its_contract_column(string format)
    {
        var contract = TestFiles.Contract(renames: true);
        var rows = Enumerable.Range(0, 3).Select(TestFiles.Row).ToList();
        var path = await WriteCamelCaseAsync(format, rows);

        Assert.Equal(rows, await TestFiles.ReadAsync(path, contract));
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Without_the_rename_the_source_name_is_suggested(string format)
    {
        var path = await WriteCamelCaseAsync(format, [TestFiles.Row(1)]);

        var e = await TestFiles.RejectedAsync(path, TestFiles.Contract());

        Assert.Contains("column 'date_entered' is missing (did you mean 'dateEntered'?)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Missing_column_with_a_rename_says_neither_name_was_found(string format)
    {
        var contract = TestFiles.Contract(renames: true);
        var path = await _files.WriteAsync(format, TestFiles.FileShape(contract, Renamed("date_entered", "created_date")), [TestFiles.Row(1)]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'date_entered' is missing (nor its rename 'dateEntered'; did you mean 'created_date'?)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Column_and_its_rename_both_present_is_rejected(string format)
    {
        var contract = TestFiles.Contract(renames: true);
        var shape = TestFiles.FileShape(contract, add: [("dateentered", ColumnType.Date, true)]);
        var path = TestFiles.RenameInFile(await _files.WriteAsync(format, shape, [[.. TestFiles.Row(1), new DateOnly(2020, 1, 1)]]), "dateentered", "dateEntered");

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("'date_entered' and 'dateEntered'", e.Message, StringComparison.Ordinal);
        Assert.Contains("both map to contract column 'date_entered'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Unknown_column_is_ignored_by_default(string format)
    {
        var contract = TestFiles.Contract();
        var rows = Enumerable.Range(0, 3).Select(TestFiles.Row).ToList();
        var shape = TestFiles.FileShape(contract, add: [("extra", ColumnType.String, true), ("more", ColumnType.Int64, true)]);
        var path = await _files.WriteAsync(format, shape, rows.Select(r => (object?[])[.. r, "x", 5L]));

        Assert.Equal(rows, await TestFiles.ReadAsync(path, contract));
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Unknown_column_is_rejected_by_name_when_the_contract_says_so(string format)
    {
        var contract = TestFiles.Contract(UnknownColumnPolicy.Reject);
        var shape = TestFiles.FileShape(contract, add: [("extra", ColumnType.String, true)]);
        var path = await _files.WriteAsync(format, shape, [[.. TestFiles.Row(1), "x"]]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'extra' is not in the contract, which rejects unknown columns", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Renamed_column_is_not_unknown_when_unknown_columns_are_rejected(string format)
    {
        var contract = TestFiles.Build(TestFiles.Contract().Columns.Select(c => (c.Name.Value, c.Type, c.Nullable)), UnknownColumnPolicy.Reject,
            new Dictionary<string, Names.Identifier> { ["dateEntered"] = Names.Identifier.Parse("date_entered") });
        var path = await WriteCamelCaseAsync(format, [TestFiles.Row(2)]);

        Assert.Equal([TestFiles.Row(2)], await TestFiles.ReadAsync(path, contract));
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Value_error_in_a_renamed_column_names_both_columns(string format)
    {
        var contract = TestFiles.Contract(renames: true);
        var shape = TestFiles.FileShape(contract, Renamed("date_entered", "dateentered"));
        var wrongType = TestFiles.Build(shape.Columns.Select(c => (c.Name.Value, c.Name.Value == "dateentered" ? ColumnType.Int64 : c.Type, c.Nullable)), withEventTime: false);
        var row = TestFiles.Row(1);
        row[2] = 20240101L;
        var path = TestFiles.RenameInFile(await _files.WriteAsync(format, wrongType, [row]), "dateentered", "dateEntered");

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Equal("dateEntered", e.Column);
        Assert.Contains("(contract column 'date_entered')", e.Message, StringComparison.Ordinal);
    }
}
