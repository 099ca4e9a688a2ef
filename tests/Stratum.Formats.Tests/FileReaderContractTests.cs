using System.IO.Compression;
using Stratum.Contracts;
using Stratum.Names;

namespace Stratum.Formats.Tests;

/// <summary>
/// What every file reader must do, whatever its format: read back every type and null as written,
/// refuse a null where the contract has none and a value the contract column cannot hold naming
/// file, row and column, match columns by name (renames, missing and unknown columns,
/// <c>missing_columns</c>), read gzipped and unseekable content, and let the stream's I/O errors
/// through unchanged. Each format's subclass writes the files, with its format's writer; they are
/// read as a load reads them, through <see cref="FileReaders"/>. What only one format has (CSV
/// quoting, JSON types, Parquet physical types) stays in that format's own tests.
/// </summary>
public abstract partial class FileReaderContractTests : IDisposable
{
    private readonly TestFiles _files = new();

    /// <summary>The format's extension (<c>csv</c>), without the dot.</summary>
    protected abstract string Format { get; }

    /// <summary>How the reader names a null it found in a value: <c>is empty (null)</c> in CSV, <c>is null</c> where a null is written as such.</summary>
    protected abstract string NullFound { get; }

    /// <summary>Where a missing column is reported: nothing for a format with a header or schema, <c>row 1: </c> for one whose columns come from its rows.</summary>
    protected virtual string ColumnsAt => "";

    /// <summary>Writes the rows (values in <paramref name="shape"/>'s columns) to the stream in the format, leaving it open.</summary>
    protected abstract Task WriteRowsAsync(Stream stream, TableContract shape, IReadOnlyList<object?[]> rows);

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }

    protected string Folder => _files.Folder;

    /// <summary>The file's name: <c>{name}.{format}</c>, <c>.gz</c> after it when gzipped.</summary>
    protected string FileName(string name = "data", bool gzip = false) => $"{name}.{Format}{(gzip ? ".gz" : "")}";

    /// <summary>Writes the rows in <paramref name="shape"/>'s columns to <see cref="FileName"/> in the folder; returns its path.</summary>
    protected async Task<string> WriteFileAsync(TableContract shape, IEnumerable<object?[]> rows, string name = "data", bool gzip = false)
    {
        var path = Path.Combine(Folder, FileName(name, gzip));
        await using var file = File.Create(path);
        if (!gzip)
        {
            await WriteRowsAsync(file, shape, [.. rows]);
            return path;
        }
        await using var zipped = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
        await WriteRowsAsync(zipped, shape, [.. rows]);
        return path;
    }

    /// <summary>Rows 0, 1, 2 (good), then a third whose <paramref name="column"/> is <paramref name="value"/>, in a file of <paramref name="shape"/>.</summary>
    private Task<string> WriteThirdRowAsync(TableContract shape, string column, object? value)
    {
        var third = TestFiles.Row(2);
        third[shape.Ordinal(column)] = value;
        return WriteFileAsync(shape, [TestFiles.Row(0), TestFiles.Row(1), third]);
    }

    /// <summary>The shape of <see cref="TestFiles.Contract"/> with <paramref name="column"/> nullable (keyed on another column, no event time), to write a null into it.</summary>
    private static TableContract NullableIn(string column)
        => TableContract.Create(Identifier.Parse("items"),
            TestFiles.Contract().Columns.Select(c => c.Name.Value == column ? c with { Nullable = true } : c),
            [Identifier.Parse(column == "id" ? "code" : "id")], null);

    /// <summary>The shape of <see cref="TestFiles.Contract"/> with <paramref name="column"/> of another type.</summary>
    private static TableContract TypedAs(string column, ColumnType type)
        => TestFiles.Build(TestFiles.Contract().Columns.Select(c => (c.Name.Value, c.Name.Value == column ? type : c.Type, c.Nullable)), withEventTime: false);

    [Fact]
    public async Task Every_type_and_null_read_back_as_written()
    {
        var contract = TestFiles.Contract();
        var allNull = TestFiles.Row(5).Select((v, i) => contract.Columns[i].Nullable ? null : v).ToArray();
        List<object?[]> rows = [.. Enumerable.Range(0, 5).Select(TestFiles.Row), allNull];
        var path = await WriteFileAsync(contract, rows);

        var back = await TestFiles.ReadAsync(path, contract);

        Assert.Equal(rows, back);
        Assert.All(back.SelectMany(r => r).OfType<DateTime>(), t => Assert.Equal(DateTimeKind.Utc, t.Kind));
    }

    [Fact]
    public async Task A_file_of_no_rows_reads_as_none() => Assert.Empty(await TestFiles.ReadAsync(await WriteFileAsync(TestFiles.Contract(), []), TestFiles.Contract()));

    [Fact]
    public async Task Null_in_a_non_null_column_is_rejected_naming_row_and_column()
    {
        var e = await TestFiles.RejectedAsync(await WriteThirdRowAsync(NullableIn("code"), "code", null), TestFiles.Contract());

        Assert.Equal((FileName(), 3L, "code"), (e.File, e.Row, e.Column));
        Assert.Equal($"{FileName()}: row 3, column 'code': {NullFound}, but contract column 'code' is not nullable", e.Message);
    }

    [Fact]
    public async Task Null_key_is_rejected_naming_the_key_column()
    {
        var e = await TestFiles.RejectedAsync(await WriteThirdRowAsync(NullableIn("id"), "id", null), TestFiles.Contract());

        Assert.Equal($"{FileName()}: row 3, column 'id': {NullFound}, but 'id' is a key column and cannot be null", e.Message);
    }

    [Fact]
    public async Task Null_event_time_is_rejected_naming_the_event_time_column()
    {
        var e = await TestFiles.RejectedAsync(await WriteThirdRowAsync(NullableIn("updated_at"), "updated_at", null), TestFiles.Contract());

        Assert.Equal((3L, "updated_at"), (e.Row, e.Column));
        Assert.Contains("'updated_at' is the event-time column and cannot be null", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The contract's amount is decimal(10,2); the file's is wider. How the problem is worded is each format's (its own tests pin it).</summary>
    [Theory]
    [InlineData(12, 3, "12.345", "digits after the point")]
    [InlineData(18, 2, "123456789", "digits before the point")]
    public async Task Value_the_contract_column_cannot_hold_is_rejected_naming_row_and_column(int precision, int scale, string value, string problem)
    {
        var path = await WriteThirdRowAsync(TypedAs("amount", ColumnType.Decimal(precision, scale)), "amount", decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var e = await TestFiles.RejectedAsync(path, TestFiles.Contract());

        Assert.Equal((FileName(), 3L, "amount"), (e.File, e.Row, e.Column));
        Assert.StartsWith($"{FileName()}: row 3, column 'amount': found ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_key_column_is_rejected_with_a_suggestion()
    {
        var path = TestFiles.RenameInFile(await WriteFileAsync(TestFiles.Contract(), [TestFiles.Row(1)]), "id", "ID");

        var e = await TestFiles.RejectedAsync(path, TestFiles.Contract());

        Assert.Equal($"{FileName()}: {ColumnsAt}column 'id' is missing (did you mean 'ID'?)", e.Message);
    }

    [Fact]
    public async Task Content_that_cannot_seek_reads_as_the_file_does()
    {
        var contract = TestFiles.Contract();
        var rows = Enumerable.Range(0, 10).Select(TestFiles.Row).ToList();
        var path = await WriteFileAsync(contract, rows);
        await using var stream = new NonSeekableStream(File.OpenRead(path));

        Assert.Equal(rows, await TestFiles.ReadAsync(stream, FileName(), contract));
    }
}
