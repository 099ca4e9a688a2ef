using ParquetSharp;
using Stratum.Formats.Writing;

namespace Stratum.Formats.Tests.Writing;

/// <summary>What each writer puts in the file; that it reads back is <see cref="RoundTripProperties"/>.</summary>
public sealed class WriterTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static readonly object?[] Sample =
        ["k,1", TestFiles.T0.AddTicks(1_234_560), null, "", "say \"hi\"", -5L, 0.1, 12.5m, true, null];

    [Fact]
    public async Task Csv_has_a_header_quotes_only_where_needed_and_leaves_null_empty()
    {
        var path = await _files.WriteAsync("csv", TestFiles.Contract(), [Sample]);

        Assert.Equal(
            "id,updated_at,date_entered,name,code,qty,ratio,amount,active,seen_at\n" +
            "\"k,1\",2024-05-01T12:30:00.1234560Z,,\"\",\"say \"\"hi\"\"\",-5,0.1,12.5,true,\n",
            await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Ndjson_writes_one_object_per_line_with_every_column()
    {
        var path = await _files.WriteAsync("ndjson", TestFiles.Contract(), [Sample, Sample]);

        var line = """{"id":"k,1","updated_at":"2024-05-01T12:30:00.1234560Z","date_entered":null,"name":"","code":"say \"hi\"","qty":-5,"ratio":0.1,"amount":12.5,"active":true,"seen_at":null}""";
        Assert.Equal($"{line}\n{line}\n", await File.ReadAllTextAsync(path, System.Text.Encoding.UTF8));
    }

    [Fact]
    public async Task Ndjson_writes_non_finite_doubles_as_strings()
    {
        object?[] row = [.. Sample];
        row[6] = double.NegativeInfinity;
        var path = await _files.WriteAsync("ndjson", TestFiles.Contract(), [row]);

        Assert.Contains("\"ratio\":\"-Infinity\"", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.Equal(double.NegativeInfinity, (await TestFiles.ReadAsync(path, TestFiles.Contract()))[0][6]);
    }

    [Fact]
    public async Task Parquet_schema_follows_the_contract()
    {
        var path = await _files.WriteAsync("parquet", TestFiles.Contract(), [Sample]);

        using var reader = new ParquetSharp.ParquetFileReader(path);
        var schema = reader.FileMetaData.Schema;
        var columns = Enumerable.Range(0, schema.NumColumns).Select(schema.Column).ToDictionary(c => c.Name);
        Assert.Equal(TestFiles.Contract().Columns.Select(c => c.Name.Value), columns.Keys);
        Assert.All(TestFiles.Contract().Columns, c => Assert.Equal(c.Nullable ? 1 : 0, columns[c.Name.Value].MaxDefinitionLevel));
        var amount = Assert.IsType<DecimalLogicalType>(columns["amount"].LogicalType);
        Assert.Equal((10, 2), (amount.Precision, amount.Scale));
        var updated = Assert.IsType<TimestampLogicalType>(columns["updated_at"].LogicalType);
        Assert.Equal((TimeUnit.Micros, true), (updated.TimeUnit, updated.IsAdjustedToUtc));
        Assert.IsType<DateLogicalType>(columns["date_entered"].LogicalType);
        Assert.IsType<StringLogicalType>(columns["id"].LogicalType);
        Assert.Equal(PhysicalType.Int64, columns["qty"].PhysicalType);
        Assert.Equal(PhysicalType.Double, columns["ratio"].PhysicalType);
        Assert.Equal(PhysicalType.Boolean, columns["active"].PhysicalType);
    }

    [Fact]
    public async Task Parquet_row_groups_hold_the_requested_number_of_rows()
    {
        var path = Path.Combine(_files.Folder, "data.parquet");
        await using (var stream = File.Create(path))
        {
            await Formats.Writing.ParquetFileWriter.WriteAsync(stream, TestFiles.Contract(), Enumerable.Range(0, 10).Select(TestFiles.Row), rowGroupRows: 4, CancellationToken.None);
        }

        using var reader = new ParquetSharp.ParquetFileReader(path);
        Assert.Equal([4L, 4L, 2L], Enumerable.Range(0, reader.FileMetaData.NumRowGroups).Select(i =>
        {
            using var group = reader.RowGroup(i);
            return group.MetaData.NumRows;
        }));
        Assert.Equal(100_000, Formats.Writing.ParquetFileWriter.DefaultRowGroupRows);
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Value_of_the_wrong_type_is_refused_naming_the_column(string format)
    {
        object?[] row = [.. Sample];
        row[5] = 5; // an int, not a long

        var e = await Assert.ThrowsAsync<ArgumentException>(() => _files.WriteAsync(format, TestFiles.Contract(), [row]));

        Assert.Contains("column 'qty' is int64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_extension_has_no_writer()
        => await Assert.ThrowsAsync<ArgumentException>(() => FileWriters.WriteAsync(Stream.Null, "data.txt", TestFiles.Contract(), [], CancellationToken.None));
}
