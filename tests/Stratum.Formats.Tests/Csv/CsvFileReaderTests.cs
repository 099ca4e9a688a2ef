using System.Text;

namespace Stratum.Formats.Tests.Csv;

/// <summary>CSV specifics (what every reader does is <see cref="CsvFileReaderContractTests"/>): quoting, null versus empty, field counts, and a rejection naming row and column for every bad value.</summary>
public sealed class CsvFileReaderTests : IDisposable
{
    private const string Header = "id,updated_at,date_entered,name,code,qty,ratio,amount,active,seen_at";
    private const string Good = "k1,2024-05-01T12:30:00Z,2024-01-02,n,c,1,0.5,12.50,true,";

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Two good rows, then a third with one field replaced.</summary>
    private string File(string column, string raw)
    {
        var fields = Good.Split(',');
        fields[Array.IndexOf(Header.Split(','), column)] = raw;
        return _files.WriteText("data.csv", $"{Header}\n{Good}\n{Good}\n{string.Join(',', fields)}\n");
    }

    [Fact]
    public async Task Reads_every_type()
    {
        var path = _files.WriteText("data.csv", $"{Header}\nk1,2024-05-01 14:30:00.5+02:00,2024-01-02,n,c,-7,0.25,-12.5,FALSE,2024-05-01\n");

        var row = Assert.Single(await TestFiles.ReadAsync(path, TestFiles.Contract()));

        Assert.Equal<object?>(["k1", new DateTime(2024, 5, 1, 12, 30, 0, 500, DateTimeKind.Utc), new DateOnly(2024, 1, 2), "n", "c", -7L, 0.25, -12.5m, false,
            new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc)], row);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)row[1]!).Kind);
    }

    [Fact]
    public async Task Empty_field_is_null_and_quoted_empty_field_is_the_empty_string()
    {
        var path = _files.WriteText("data.csv", $"{Header}\nk1,2024-05-01T12:30:00Z,,\"\",\"\",,,,,\nk2,2024-05-01T12:30:00Z,,,\"\",,,,,\n");

        var rows = await TestFiles.ReadAsync(path, TestFiles.Contract());

        Assert.Equal("", rows[0][3]);
        Assert.Equal("", rows[0][4]);
        Assert.Null(rows[1][3]);
        Assert.All(rows, r => Assert.Null(r[5]));
    }

    [Theory]
    [InlineData("qty", "1.5", "found '1.5'; expected an int64")]
    [InlineData("qty", "abc", "found 'abc'; expected an int64")]
    [InlineData("qty", "\"\"", "found '' (empty); expected an int64")]
    [InlineData("amount", "12.345", "found '12.345', which has 3 digits after the point; decimal(10,2) allows 2")]
    [InlineData("amount", "123456789", "found '123456789', which has 9 digits before the point; decimal(10,2) allows 8")]
    [InlineData("active", "yes", "found 'yes'; expected a bool")]
    [InlineData("ratio", "1e400", "found '1e400'; expected a float64")]
    [InlineData("date_entered", "2024-1-2", "found '2024-1-2'; expected a date (yyyy-MM-dd)")]
    [InlineData("updated_at", "2024-13-01T00:00:00Z", "found '2024-13-01T00:00:00Z'; expected a timestamp")]
    [InlineData("updated_at", "01/05/2024 12:30", "found '01/05/2024 12:30'; expected a timestamp")]
    [InlineData("seen_at", "2024-05-01T12:30:00.123456789Z", "which has 9 fraction digits")]
    public async Task Bad_value_is_rejected_naming_row_column_and_value(string column, string raw, string problem)
    {
        var e = await TestFiles.RejectedAsync(File(column, raw), TestFiles.Contract());

        Assert.Equal((3L, column), (e.Row, e.Column));
        Assert.StartsWith($"data.csv: row 3, column '{column}': ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quoted_fields_keep_commas_quotes_line_breaks_and_unicode()
    {
        var path = _files.WriteText("data.csv", $"{Header}\n\"k,1\",2024-05-01T12:30:00Z,,\"say \"\"hi\"\"\r\nnext, line\",\"é漢😀\",,,,,\n");

        var row = Assert.Single(await TestFiles.ReadAsync(path, TestFiles.Contract()));

        Assert.Equal("k,1", row[0]);
        Assert.Equal("say \"hi\"\r\nnext, line", row[3]);
        Assert.Equal("é漢😀", row[4]);
    }

    [Fact]
    public async Task Quoted_numbers_parse_like_unquoted_ones()
    {
        var path = _files.WriteText("data.csv", $"{Header}\n\"k1\",\"2024-05-01T12:30:00Z\",\"2024-01-02\",n,c,\"42\",\"1.5\",\"3.25\",\"1\",\n");

        var row = Assert.Single(await TestFiles.ReadAsync(path, TestFiles.Contract()));

        Assert.Equal((42L, 1.5, 3.25m, true), (row[5], row[6], row[7], row[8]));
    }

    [Fact]
    public async Task Header_names_may_be_quoted() =>
        Assert.Single(await TestFiles.ReadAsync(_files.WriteText("data.csv", $"\"id\",{Header[3..]}\n{Good}\n"), TestFiles.Contract()));

    [Fact]
    public async Task Byte_order_mark_and_CRLF_line_ends_are_accepted()
    {
        var path = Path.Combine(_files.Folder, "data.csv");
        await System.IO.File.WriteAllTextAsync(path, $"{Header}\r\n{Good}\r\n{Good}\r\n", new UTF8Encoding(true));

        var rows = await TestFiles.ReadAsync(path, TestFiles.Contract());

        Assert.Equal(2, rows.Count);
        Assert.Null(rows[1][9]);
    }

    [Fact]
    public async Task Empty_file_is_rejected() =>
        Assert.Contains("is empty; a CSV file needs a header row", (await TestFiles.RejectedAsync(_files.WriteText("data.csv", ""), TestFiles.Contract())).Message, StringComparison.Ordinal);

    [Fact]
    public async Task Row_with_a_different_number_of_fields_is_rejected()
    {
        var e = await TestFiles.RejectedAsync(_files.WriteText("data.csv", $"{Header}\n{Good}\n{Good},extra\n"), TestFiles.Contract());

        Assert.Equal("data.csv: row 2: has 11 fields but the header has 10", e.Message);
    }

    [Fact]
    public async Task Blank_line_between_rows_is_rejected()
    {
        var e = await TestFiles.RejectedAsync(_files.WriteText("data.csv", $"{Header}\n{Good}\n\n{Good}\n"), TestFiles.Contract());

        Assert.Contains("row 2: has 1 field but the header has 10 (a blank line?)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"abc\"def")]
    [InlineData("\"a\"b\"c\"")]
    public async Task Malformed_quoted_field_is_rejected(string raw)
    {
        var e = await TestFiles.RejectedAsync(File("name", raw), TestFiles.Contract());

        Assert.Equal((3L, "name"), (e.Row, e.Column));
        Assert.Contains("malformed quoted field", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unterminated_quote_at_the_end_is_rejected()
    {
        var e = await TestFiles.RejectedAsync(_files.WriteText("data.csv", $"{Header}\n{Good}\nk2,2024-05-01T12:30:00Z,,\"never closed,c,1,0.5,1,true,\n"), TestFiles.Contract());

        Assert.Equal(2L, e.Row);
    }

    [Fact]
    public async Task Header_naming_a_column_twice_is_rejected()
    {
        var e = await TestFiles.RejectedAsync(_files.WriteText("data.csv", $"{Header},qty\n{Good},1\n"), TestFiles.Contract());

        Assert.Contains("'qty'", e.Message, StringComparison.Ordinal);
        Assert.Equal(0L, e.Row);
    }
}
