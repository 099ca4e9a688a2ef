using System.IO.Compression;
using Stratum.Contracts;

namespace Stratum.Formats.Tests.Ndjson;

/// <summary>
/// NDJSON specifics (what every reader does is <see cref="NdjsonFileReaderContractTests"/>): absent keys, JSON types against
/// contract types, numbers read from their text, broken lines, a key absent from some lines or all under <c>missing_columns</c>,
/// an empty file (gzipped too) that has no rows.
/// </summary>
public sealed class NdjsonFileReaderTests : IDisposable
{
    private const string Good = """{"id":"k1","updated_at":"2024-05-01T12:30:00Z","date_entered":"2024-01-02","name":"n","code":"c","qty":1,"ratio":0.5,"amount":12.5,"active":true,"seen_at":null}""";

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Two good lines, then a third with one key's JSON value replaced (or removed, for null).</summary>
    private string File(string key, string? json)
    {
        var third = json is null
            ? Good.Replace($"\"{key}\":\"c\",", "", StringComparison.Ordinal)
            : System.Text.RegularExpressions.Regex.Replace(Good, $"\"{key}\":(\"[^\"]*\"|[^,}}]*)", $"\"{key}\":{json}");
        return _files.WriteText("data.ndjson", $"{Good}\n{Good}\n{third}\n");
    }

    [Fact]
    public async Task Reads_every_type()
    {
        var row = (await TestFiles.ReadAsync(File("qty", "-7"), TestFiles.Contract()))[2];

        Assert.Equal<object?>(["k1", new DateTime(2024, 5, 1, 12, 30, 0, DateTimeKind.Utc), new DateOnly(2024, 1, 2), "n", "c", -7L, 0.5, 12.5m, true, null], row);
    }

    [Fact]
    public async Task Absent_key_and_JSON_null_are_null()
    {
        var path = _files.WriteText("data.jsonl", """
            {"id":"k1","updated_at":"2024-05-01T12:30:00Z","code":"c","ratio":1,"date_entered":null,"name":null,"qty":null,"amount":null,"active":null,"seen_at":null}
            {"id":"k2","updated_at":"2024-05-01T12:30:00Z","code":"c"}
            """);

        var rows = await TestFiles.ReadAsync(path, TestFiles.Contract());

        Assert.Equal<object?>(["k2", new DateTime(2024, 5, 1, 12, 30, 0, DateTimeKind.Utc), null, null, "c", null, null, null, null, null], rows[1]);
    }

    [Fact]
    public async Task Absent_key_of_a_non_null_column_is_rejected()
    {
        var e = await TestFiles.RejectedAsync(File("code", null), TestFiles.Contract());

        Assert.Equal("data.ndjson: row 3, column 'code': is absent (null), but contract column 'code' is not nullable", e.Message);
    }

    [Theory]
    [InlineData("qty", "1.5", "found '1.5'; expected an int64")]
    [InlineData("qty", "\"abc\"", "found 'abc'; expected an int64")]
    [InlineData("qty", "true", "found JSON true; expected an int64")]
    [InlineData("qty", "[1]", "found a JSON array; expected an int64")]
    [InlineData("amount", "12.345", "found '12.345', which has 3 digits after the point; decimal(10,2) allows 2")]
    [InlineData("amount", "0.30000000000000004", "which has 17 digits after the point")]
    [InlineData("amount", "123456789", "which has 9 digits before the point")]
    [InlineData("active", "\"yes\"", "found 'yes'; expected a bool")]
    [InlineData("active", "2", "found '2'; expected a bool")]
    [InlineData("date_entered", "20240102", "found the JSON number 20240102; expected a date")]
    [InlineData("updated_at", "\"2024-05-01T12:30:00+25:00\"", "expected a timestamp")]
    [InlineData("updated_at", "1714566600", "found the JSON number 1714566600; expected a timestamp")]
    [InlineData("name", "12", "found the JSON number 12; expected a string")]
    [InlineData("name", "{\"a\":1}", "found a JSON object; expected a string")]
    [InlineData("code", "false", "found JSON false; expected a string")]
    public async Task Bad_value_is_rejected_naming_row_column_and_value(string column, string json, string problem)
    {
        var e = await TestFiles.RejectedAsync(File(column, json), TestFiles.Contract());

        Assert.Equal((3L, column), (e.Row, e.Column));
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Numbers_are_read_from_their_text_and_strings_may_hold_values()
    {
        var path = _files.WriteText("data.ndjson", """
            {"id":"k1","updated_at":"2024-05-01T12:30:00Z","date_entered":null,"name":"\u00e9\n\"x\"","code":"c","qty":"42","ratio":"NaN","amount":12345678.91,"active":1,"seen_at":"2024-05-01 14:30:00.1234567+02:00"}
            {"id":"k2","updated_at":"2024-05-01","date_entered":null,"name":null,"code":"c","qty":1.0,"ratio":1e-3,"amount":"0.1","active":"FALSE","seen_at":null}
            """);

        var rows = await TestFiles.ReadAsync(path, TestFiles.Contract());

        Assert.Equal(("é\n\"x\"", 42L, double.NaN, 12345678.91m, true), ((string?)rows[0][3], rows[0][5], rows[0][6], rows[0][7], rows[0][8]));
        Assert.Equal(new DateTime(2024, 5, 1, 12, 30, 0, DateTimeKind.Utc).AddTicks(1234560), rows[0][9]);
        Assert.Equal((1L, 0.001, 0.1m, false), (rows[1][5], rows[1][6], rows[1][7], rows[1][8]));
        Assert.Equal(new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc), rows[1][1]);
    }

    [Fact]
    public async Task Keys_may_come_in_any_order_and_be_escaped()
    {
        var path = _files.WriteText("data.ndjson", """
            {"id":"k1","updated_at":"2024-05-01","code":"c1","name":"a","qty":1}
            {"qty":2,"name":"b","code":"c2","updated_at":"2024-05-01","id":"k2"}
            {"id":"k3","updated_at":"2024-05-01","extra":true,"code":"c3","na\u006de":"c","qty":3}
            {"id":"k4","updated_at":"2024-05-01","code":"c4","name":"d","qty":4}
            """);

        var contract = TestFiles.Build(TestFiles.Contract().Columns.Take(6).Select(c => (c.Name.Value, c.Type, c.Nullable)).Where(c => c.Value != "date_entered"));

        var rows = await TestFiles.ReadAsync(path, contract);

        Assert.Equal(["k1", "k2", "k3", "k4"], rows.Select(r => r[0]));
        Assert.Equal(["a", "b", "c", "d"], rows.Select(r => r[2]));
        Assert.Equal(["c1", "c2", "c3", "c4"], rows.Select(r => r[3]));
        Assert.Equal([1L, 2L, 3L, 4L], rows.Select(r => r[4]));
    }

    [Fact]
    public async Task Blank_lines_CRLF_and_a_byte_order_mark_are_accepted()
    {
        var path = Path.Combine(_files.Folder, "data.ndjson");
        await System.IO.File.WriteAllTextAsync(path, $"{Good}\r\n\r\n  \n{Good}\r\n\n", new System.Text.UTF8Encoding(true));

        Assert.Equal(2, (await TestFiles.ReadAsync(path, TestFiles.Contract())).Count);
    }

    [Fact]
    public async Task Empty_file_has_no_rows() => Assert.Empty(await TestFiles.ReadAsync(_files.WriteText("data.json", ""), TestFiles.Contract()));

    [Fact]
    public async Task Invalid_JSON_is_rejected_naming_the_line()
    {
        var e = await TestFiles.RejectedAsync(_files.WriteText("data.ndjson", $"{Good}\n\n{Good[..^5]}\n{Good}\n"), TestFiles.Contract());

        Assert.Equal(2L, e.Row);
        Assert.Contains("line 3 is not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]", "is not a JSON object")]
    [InlineData("\"text\"", "is not a JSON object")]
    [InlineData(Good + " " + Good, "is not valid JSON")]
    [InlineData("{\"id\":\"k1\",}", "is not valid JSON")]
    public async Task Line_that_is_not_one_JSON_object_is_rejected(string line, string problem)
    {
        var e = await TestFiles.RejectedAsync(_files.WriteText("data.ndjson", $"{Good}\n{line}\n"), TestFiles.Contract());

        Assert.Equal(2L, e.Row);
        Assert.Contains($"line 2 {problem}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_repeated_in_one_object_is_rejected()
    {
        var e = await TestFiles.RejectedAsync(_files.WriteText("data.ndjson", Good[..^1] + ",\"qty\":2}\n"), TestFiles.Contract());

        Assert.Contains("row 1: has key 'qty' twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_string_is_rejected()
    {
        var path = Path.Combine(_files.Folder, "data.ndjson");
        var bytes = System.Text.Encoding.UTF8.GetBytes(Good.Replace("\"n\"", "\"n?\"", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;
        await System.IO.File.WriteAllBytesAsync(path, bytes);

        var e = await TestFiles.RejectedAsync(path, TestFiles.Contract());

        Assert.Equal(1L, e.Row);
        Assert.Equal($"data.ndjson: row 1: is not valid UTF-8: invalid byte sequence 0xFF at byte offset {Array.IndexOf(bytes, (byte)0xFF)} (line 1)", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xAF }, "invalid byte sequence 0xC0")]
    [InlineData(new byte[] { 0xE4, 0xB8 }, "invalid byte sequence 0xE4 0xB8")]
    public async Task Invalid_UTF8_anywhere_in_a_line_is_rejected_with_row_line_and_offset(byte[] bad, string shown)
    {
        // In an unknown key's value, which is skipped: the line is still refused, not read in part.
        var first = System.Text.Encoding.UTF8.GetBytes(Good + "\n\n");
        var start = System.Text.Encoding.UTF8.GetBytes(Good[..^1] + ",\"extra\":\"x");
        var path = Path.Combine(_files.Folder, "data.ndjson");
        await System.IO.File.WriteAllBytesAsync(path, [.. first, .. start, .. bad, .. "\"}\n"u8]);

        var e = await TestFiles.RejectedAsync(path, TestFiles.Contract());

        Assert.Equal($"data.ndjson: row 2: is not valid UTF-8: {shown} at byte offset {first.Length + start.Length} (line 3)", e.Message);
    }

    [Fact]
    public async Task Valid_multi_byte_text_is_read_exactly()
    {
        var path = _files.WriteText("data.ndjson", Good.Replace("\"n\"", "\"日本語 😀 \uFFFD\"", StringComparison.Ordinal) + "\n");

        var row = Assert.Single(await TestFiles.ReadAsync(path, TestFiles.Contract()));

        Assert.Equal("日本語 😀 \uFFFD", row[3]);
    }

    [Fact]
    public async Task Gzip_of_an_empty_file_reads_as_empty()
    {
        var path = Path.Combine(_files.Folder, "data.ndjson.gz");
        await using (var gzip = new GZipStream(System.IO.File.Create(path), CompressionLevel.Optimal))
        {
        }

        Assert.Empty(await TestFiles.ReadAsync(path, TestFiles.Contract()));
    }

    // The file's columns are the keys any of its lines has. A key absent from some lines is null on
    // those lines under either missing_columns policy (APIs omit null fields); absent from every
    // line, the column is missing from the file and the policy decides.

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
    public async Task Key_absent_from_some_lines_is_null_on_those_lines_under_either_policy(MissingColumnPolicy policy)
    {
        var rows = await TestFiles.ReadAsync(_files.WriteText("some.ndjson", SomeLines), Small(policy));

        Assert.Equal(new DateTime(2024, 5, 1, 12, 31, 0, DateTimeKind.Utc), rows[0][3]);
        Assert.Null(rows[1][3]);
    }

    [Fact]
    public async Task Key_absent_from_every_line_is_quarantined_under_reject()
    {
        var e = await TestFiles.RejectedAsync(_files.WriteText("none.ndjson", NoLine), Small(MissingColumnPolicy.Reject));

        Assert.Contains("column 'seen_at' is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_absent_from_every_line_loads_as_null_under_null()
    {
        var rows = await TestFiles.ReadAsync(_files.WriteText("none.ndjson", NoLine), Small(MissingColumnPolicy.Null));

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Null(r[3]));
    }

    [Fact]
    public async Task Required_key_absent_from_every_line_is_quarantined_under_null()
    {
        var e = await TestFiles.RejectedAsync(_files.WriteText("none.ndjson", NoLine.Replace("\"code\"", "\"Code\"", StringComparison.Ordinal)),
            Small(MissingColumnPolicy.Null));

        Assert.Contains("column 'code' is missing (did you mean 'Code'?)", e.Message, StringComparison.Ordinal);
    }
}
