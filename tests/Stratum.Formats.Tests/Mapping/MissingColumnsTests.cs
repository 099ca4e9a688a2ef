using Stratum.Contracts;
using Stratum.Hashing;

namespace Stratum.Formats.Tests.Mapping;

/// <summary>
/// The contract's <c>missing_columns</c> policy, the same in every format: a declared nullable column
/// the file lacks is quarantined (<c>reject</c>) or loads as null (<c>null</c>); a declared non-null
/// column the file lacks is quarantined under both, with the near-match hint.
/// </summary>
public sealed class MissingColumnsTests : IDisposable
{
    private const int Ratio = 6;
    private const int SeenAt = 9;

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<string, MissingColumnPolicy> FormatsAndPolicies()
    {
        var data = new TheoryData<string, MissingColumnPolicy>();
        foreach (var f in TestFiles.Formats)
        {
            data.Add(f, MissingColumnPolicy.Reject);
            data.Add(f, MissingColumnPolicy.Null);
        }
        return data;
    }

    private static object?[] Without(object?[] row, params int[] ordinals) => [.. row.Where((_, i) => !ordinals.Contains(i))];

    private static object?[] NullAt(object?[] row, params int[] ordinals) => [.. row.Select((v, i) => ordinals.Contains(i) ? null : v)];

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Missing_nullable_columns_load_as_null_in_every_row_under_missing_columns_null(string format)
    {
        var contract = TestFiles.Contract(missing: MissingColumnPolicy.Null);
        var rows = Enumerable.Range(0, 5).Select(TestFiles.Row).ToList();
        var path = await _files.WriteAsync(format, TestFiles.FileShape(contract, drop: ["ratio", "seen_at"]), rows.Select(r => Without(r, Ratio, SeenAt)));

        Assert.Equal(rows.Select(r => NullAt(r, Ratio, SeenAt)), await TestFiles.ReadAsync(path, contract));
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Missing_nullable_column_is_quarantined_naming_it_under_missing_columns_reject(string format)
    {
        var contract = TestFiles.Contract(missing: MissingColumnPolicy.Reject);
        var path = await _files.WriteAsync(format, TestFiles.FileShape(contract, drop: ["seen_at"]), [Without(TestFiles.Row(1), SeenAt)]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'seen_at' is missing", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Row);
    }

    [Theory]
    [MemberData(nameof(FormatsAndPolicies))]
    public async Task Missing_required_column_is_quarantined_with_the_near_match_under_either_policy(string format, MissingColumnPolicy policy)
    {
        var contract = TestFiles.Contract(missing: policy);
        var shape = TestFiles.FileShape(contract, new Dictionary<string, string> { ["code"] = "kode" });
        var path = await _files.WriteAsync(format, shape, [TestFiles.Row(1)]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'code' is missing (did you mean 'kode'?)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Under_missing_columns_null_only_the_required_missing_column_is_named(string format)
    {
        var contract = TestFiles.Contract(missing: MissingColumnPolicy.Null);
        var shape = TestFiles.FileShape(contract, new Dictionary<string, string> { ["code"] = "kode" }, drop: ["seen_at"]);
        var path = await _files.WriteAsync(format, shape, [Without(TestFiles.Row(1), SeenAt)]);

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Contains("column 'code' is missing (did you mean 'kode'?)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("seen_at", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task A_missing_column_hashes_exactly_like_the_column_present_and_null(string format)
    {
        var contract = TestFiles.Contract(missing: MissingColumnPolicy.Null);
        var rows = Enumerable.Range(0, 4).Select(i => NullAt(TestFiles.Row(i), SeenAt)).ToList();
        var withNulls = await _files.WriteAsync(format, TestFiles.FileShape(contract), rows, name: "with");
        var without = await _files.WriteAsync(format, TestFiles.FileShape(contract, drop: ["seen_at"]), rows.Select(r => Without(r, SeenAt)), name: "without");

        var present = await TestFiles.ReadAsync(withNulls, contract);
        var absent = await TestFiles.ReadAsync(without, contract);

        Assert.Equal(present, absent);
        var hasher = new RowHasher(contract);
        Assert.Equal(present.Select(hasher.Hash), absent.Select(hasher.Hash));
    }

    // NDJSON: the file's columns are the keys any of its lines has. A key absent from some lines is
    // null on those lines under either policy (APIs omit null fields); absent from every line, the
    // column is missing from the file and the policy decides.

    private const string SomeLines = """
        {"id":"a","updated_at":"2024-05-01T12:30:00Z","code":"c","seen_at":"2024-05-01T12:31:00Z"}
        {"id":"b","updated_at":"2024-05-01T12:30:00Z","code":"c"}
        """;

    private const string NoLine = """
        {"id":"a","updated_at":"2024-05-01T12:30:00Z","code":"c"}
        {"id":"b","updated_at":"2024-05-01T12:30:00Z","code":"c"}
        """;

    private static TableContract Small(MissingColumnPolicy policy) => TestFiles.Build(
        [("id", ColumnType.String, false), ("updated_at", ColumnType.Timestamp, false), ("code", ColumnType.String, false), ("seen_at", ColumnType.Timestamp, true)],
        missing: policy);

    [Theory]
    [InlineData(MissingColumnPolicy.Reject)]
    [InlineData(MissingColumnPolicy.Null)]
    public async Task Ndjson_key_absent_from_some_lines_is_null_on_those_lines_under_either_policy(MissingColumnPolicy policy)
    {
        var rows = await TestFiles.ReadAsync(_files.WriteText("some.ndjson", SomeLines), Small(policy));

        Assert.Equal(new DateTime(2024, 5, 1, 12, 31, 0, DateTimeKind.Utc), rows[0][3]);
        Assert.Null(rows[1][3]);
    }

    [Fact]
    public async Task Ndjson_key_absent_from_every_line_is_quarantined_under_reject()
    {
        var e = await TestFiles.RejectedAsync(_files.WriteText("none.ndjson", NoLine), Small(MissingColumnPolicy.Reject));

        Assert.Contains("column 'seen_at' is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ndjson_key_absent_from_every_line_loads_as_null_under_null()
    {
        var rows = await TestFiles.ReadAsync(_files.WriteText("none.ndjson", NoLine), Small(MissingColumnPolicy.Null));

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Null(r[3]));
    }

    [Fact]
    public async Task Ndjson_required_key_absent_from_every_line_is_quarantined_under_null()
    {
        var e = await TestFiles.RejectedAsync(_files.WriteText("none.ndjson", NoLine.Replace("\"code\"", "\"Code\"", StringComparison.Ordinal)),
            Small(MissingColumnPolicy.Null));

        Assert.Contains("column 'code' is missing (did you mean 'Code'?)", e.Message, StringComparison.Ordinal);
    }
}
