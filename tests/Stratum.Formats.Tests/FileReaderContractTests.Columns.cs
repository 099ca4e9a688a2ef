using Stratum.Contracts;
using Stratum.Hashing;

namespace Stratum.Formats.Tests;

/// <summary>How input columns meet the contract, the same in every format: files in the shape of a drifted source.</summary>
public abstract partial class FileReaderContractTests
{
    private const int Ratio = 6;
    private const int SeenAt = 9;

    private static Dictionary<string, string> Renamed(string from, string to) => new() { [from] = to };

    private static object?[] Without(object?[] row, params int[] ordinals) => [.. row.Where((_, i) => !ordinals.Contains(i))];

    private static object?[] NullAt(object?[] row, params int[] ordinals) => [.. row.Select((v, i) => ordinals.Contains(i) ? null : v)];

    /// <summary>Rows of the contract in a file whose date_entered column is called dateEntered, as the source API spells it.</summary>
    private async Task<string> WriteCamelCaseAsync(IEnumerable<object?[]> rows)
    {
        var path = await WriteFileAsync(TestFiles.FileShape(TestFiles.Contract(), Renamed("date_entered", "dateentered")), rows);
        return TestFiles.RenameInFile(path, "dateentered", "dateEntered");
    }

    [Fact]
    public async Task Columns_are_matched_by_name_whatever_their_order_in_the_file()
    {
        var contract = TestFiles.Contract();
        var order = contract.Columns.Select((c, i) => (c, i)).Reverse().ToList();
        var shape = TestFiles.Build(order.Select(p => (p.c.Name.Value, p.c.Type, p.c.Nullable)), withEventTime: false);
        var rows = Enumerable.Range(0, 5).Select(TestFiles.Row).ToList();
        var path = await WriteFileAsync(shape, rows.Select(r => order.Select(p => r[p.i]).ToArray()));

        Assert.Equal(rows, await TestFiles.ReadAsync(path, contract));
    }

    [Fact]
    public async Task Missing_column_is_rejected_naming_the_closest_input_column()
    {
        var contract = TestFiles.Contract();
        var path = await WriteFileAsync(TestFiles.FileShape(contract, Renamed("date_entered", "created_date")), [TestFiles.Row(1)]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'date_entered' is missing (did you mean 'created_date'?)", e.Message, StringComparison.Ordinal);
        Assert.Equal(FileName(), e.File);
    }

    [Fact]
    public async Task Missing_nullable_column_is_rejected_not_read_as_null()
    {
        var contract = TestFiles.Contract();
        var path = await WriteFileAsync(TestFiles.FileShape(contract, drop: ["seen_at"]), [TestFiles.Row(1)[..^1]]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'seen_at' is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_missing_columns_are_listed_together()
    {
        var contract = TestFiles.Contract();
        var path = await WriteFileAsync(TestFiles.FileShape(contract, drop: ["ratio", "seen_at"]), [TestFiles.Row(1).Where((_, i) => i is not (6 or 9)).ToArray()]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("2 columns are missing: 'ratio', 'seen_at'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renamed_input_column_fills_its_contract_column()
    {
        var contract = TestFiles.Contract(renames: true);
        var rows = Enumerable.Range(0, 3).Select(TestFiles.Row).ToList();
        var path = await WriteCamelCaseAsync(rows);

        Assert.Equal(rows, await TestFiles.ReadAsync(path, contract));
    }

    [Fact]
    public async Task Without_the_rename_the_source_name_is_suggested()
    {
        var path = await WriteCamelCaseAsync([TestFiles.Row(1)]);

        var e = await TestFiles.RejectedAsync(path, TestFiles.Contract());

        Assert.Contains("column 'date_entered' is missing (did you mean 'dateEntered'?)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_column_with_a_rename_says_neither_name_was_found()
    {
        var contract = TestFiles.Contract(renames: true);
        var path = await WriteFileAsync(TestFiles.FileShape(contract, Renamed("date_entered", "created_date")), [TestFiles.Row(1)]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'date_entered' is missing (nor its rename 'dateEntered'; did you mean 'created_date'?)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Column_and_its_rename_both_present_is_rejected()
    {
        var contract = TestFiles.Contract(renames: true);
        var shape = TestFiles.FileShape(contract, add: [("dateentered", ColumnType.Date, true)]);
        var path = TestFiles.RenameInFile(await WriteFileAsync(shape, [[.. TestFiles.Row(1), new DateOnly(2020, 1, 1)]]), "dateentered", "dateEntered");

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("'date_entered' and 'dateEntered'", e.Message, StringComparison.Ordinal);
        Assert.Contains("both map to contract column 'date_entered'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_column_is_ignored_by_default()
    {
        var contract = TestFiles.Contract();
        var rows = Enumerable.Range(0, 3).Select(TestFiles.Row).ToList();
        var shape = TestFiles.FileShape(contract, add: [("extra", ColumnType.String, true), ("more", ColumnType.Int64, true)]);
        var path = await WriteFileAsync(shape, rows.Select(r => (object?[])[.. r, "x", 5L]));

        Assert.Equal(rows, await TestFiles.ReadAsync(path, contract));
    }

    [Fact]
    public async Task Unknown_column_is_rejected_by_name_when_the_contract_says_so()
    {
        var contract = TestFiles.Contract(UnknownColumnPolicy.Reject);
        var shape = TestFiles.FileShape(contract, add: [("extra", ColumnType.String, true)]);
        var path = await WriteFileAsync(shape, [[.. TestFiles.Row(1), "x"]]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'extra' is not in the contract, which rejects unknown columns", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renamed_column_is_not_unknown_when_unknown_columns_are_rejected()
    {
        var contract = TestFiles.Build(TestFiles.Contract().Columns.Select(c => (c.Name.Value, c.Type, c.Nullable)), UnknownColumnPolicy.Reject,
            new Dictionary<string, Names.Identifier> { ["dateEntered"] = Names.Identifier.Parse("date_entered") });
        var path = await WriteCamelCaseAsync([TestFiles.Row(2)]);

        Assert.Equal([TestFiles.Row(2)], await TestFiles.ReadAsync(path, contract));
    }

    [Fact]
    public async Task Value_error_in_a_renamed_column_names_both_columns()
    {
        var contract = TestFiles.Contract(renames: true);
        var shape = TestFiles.FileShape(contract, Renamed("date_entered", "dateentered"));
        var wrongType = TestFiles.Build(shape.Columns.Select(c => (c.Name.Value, c.Name.Value == "dateentered" ? ColumnType.Int64 : c.Type, c.Nullable)), withEventTime: false);
        var row = TestFiles.Row(1);
        row[2] = 20240101L;
        var path = TestFiles.RenameInFile(await WriteFileAsync(wrongType, [row]), "dateentered", "dateEntered");

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Equal("dateEntered", e.Column);
        Assert.Contains("(contract column 'date_entered')", e.Message, StringComparison.Ordinal);
    }

    // The contract's missing_columns policy: a declared nullable column the file lacks is
    // quarantined (reject) or loads as null (null); a declared non-null column the file lacks is
    // quarantined under both, with the near-match hint.

    [Fact]
    public async Task Missing_nullable_columns_load_as_null_in_every_row_under_missing_columns_null()
    {
        var contract = TestFiles.Contract(missing: MissingColumnPolicy.Null);
        var rows = Enumerable.Range(0, 5).Select(TestFiles.Row).ToList();
        var path = await WriteFileAsync(TestFiles.FileShape(contract, drop: ["ratio", "seen_at"]), rows.Select(r => Without(r, Ratio, SeenAt)));

        Assert.Equal(rows.Select(r => NullAt(r, Ratio, SeenAt)), await TestFiles.ReadAsync(path, contract));
    }

    [Fact]
    public async Task Missing_nullable_column_is_quarantined_naming_it_under_missing_columns_reject()
    {
        var contract = TestFiles.Contract(missing: MissingColumnPolicy.Reject);
        var path = await WriteFileAsync(TestFiles.FileShape(contract, drop: ["seen_at"]), [Without(TestFiles.Row(1), SeenAt)]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'seen_at' is missing", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Row);
    }

    [Theory]
    [InlineData(MissingColumnPolicy.Reject)]
    [InlineData(MissingColumnPolicy.Null)]
    public async Task Missing_required_column_is_quarantined_with_the_near_match_under_either_policy(MissingColumnPolicy policy)
    {
        var contract = TestFiles.Contract(missing: policy);
        var shape = TestFiles.FileShape(contract, new Dictionary<string, string> { ["code"] = "kode" });
        var path = await WriteFileAsync(shape, [TestFiles.Row(1)]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'code' is missing (did you mean 'kode'?)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_missing_columns_null_only_the_required_missing_column_is_named()
    {
        var contract = TestFiles.Contract(missing: MissingColumnPolicy.Null);
        var shape = TestFiles.FileShape(contract, new Dictionary<string, string> { ["code"] = "kode" }, drop: ["seen_at"]);
        var path = await WriteFileAsync(shape, [Without(TestFiles.Row(1), SeenAt)]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'code' is missing (did you mean 'kode'?)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("seen_at", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_column_hashes_exactly_like_the_column_present_and_null()
    {
        var contract = TestFiles.Contract(missing: MissingColumnPolicy.Null);
        var rows = Enumerable.Range(0, 4).Select(i => NullAt(TestFiles.Row(i), SeenAt)).ToList();
        var withNulls = await WriteFileAsync(TestFiles.FileShape(contract), rows, name: "with");
        var without = await WriteFileAsync(TestFiles.FileShape(contract, drop: ["seen_at"]), rows.Select(r => Without(r, SeenAt)), name: "without");

        var present = await TestFiles.ReadAsync(withNulls, contract);
        var absent = await TestFiles.ReadAsync(without, contract);

        Assert.Equal(present, absent);
        var hasher = new RowHasher(contract);
        Assert.Equal(present.Select(hasher.Hash), absent.Select(hasher.Hash));
    }
}
