using ParquetSharp;
using Stratum.Contracts;
using static Stratum.Formats.Tests.Parquet.NativeParquet;

namespace Stratum.Formats.Tests.Parquet;

/// <summary>Parquet specifics (what every reader does is <see cref="ParquetFileReaderContractTests"/>): physical and logical types from other writers, row groups, broken files.</summary>
public sealed class ParquetFileReaderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string PathOf(string name = "data.parquet") => Path.Combine(_files.Folder, name);

    /// <summary>id, updated_at, then the given columns.</summary>
    private static TableContract Contract(params (string Name, ColumnType Type, bool Nullable)[] columns)
        => TestFiles.Build([("id", ColumnType.String, false), ("updated_at", ColumnType.Timestamp, false), .. columns]);

    private static async Task<List<object?>> ColumnAsync(string path, TableContract contract, int ordinal = 2)
        => [.. (await TestFiles.ReadAsync(path, contract)).Select(r => r[ordinal])];

    [Fact]
    public async Task Integers_of_every_width_read_as_int64()
    {
        var path = Write(PathOf(),
            (new Column<int>("i32"), new[] { 1, int.MinValue }),
            (new Column<short?>("i16"), new short?[] { null, -3 }),
            (new Column<uint>("u32"), new[] { 0u, uint.MaxValue }),
            (new Column<ulong>("u64"), new[] { 5ul, 6ul }),
            (new Column<long>("i64"), new[] { long.MaxValue, 0L }));
        var contract = Contract(("i32", ColumnType.Int64, false), ("i16", ColumnType.Int64, true), ("u32", ColumnType.Int64, false),
            ("u64", ColumnType.Int64, false), ("i64", ColumnType.Int64, false));

        var rows = await TestFiles.ReadAsync(path, contract);

        Assert.Equal<object?>([1L, null, 0L, 5L, long.MaxValue], rows[0][2..]);
        Assert.Equal<object?>([(long)int.MinValue, -3L, (long)uint.MaxValue, 6L, 0L], rows[1][2..]);
    }

    [Fact]
    public async Task UInt64_beyond_int64_is_rejected_naming_row_and_column()
    {
        var path = Write(PathOf(), (new Column<ulong>("n"), new[] { 1ul, ulong.MaxValue }));

        var e = await TestFiles.RejectedAsync(path, Contract(("n", ColumnType.Int64, false)));

        Assert.Equal((2L, "n"), (e.Row, e.Column));
        Assert.Contains("found 18446744073709551615, which is out of range", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Float_and_double_read_as_float64()
    {
        var path = Write(PathOf(), (new Column<float>("f"), new[] { 1.5f, -0.25f }), (new Column<double?>("d"), new double?[] { 0.1, null }));

        var rows = await TestFiles.ReadAsync(path, Contract(("f", ColumnType.Float64, false), ("d", ColumnType.Float64, true)));

        Assert.Equal<object?>([1.5, 0.1], rows[0][2..]);
        Assert.Equal<object?>([-0.25, null], rows[1][2..]);
    }

    [Fact]
    public async Task Decimal_reads_when_the_value_fits_the_contract_and_is_rejected_when_not()
    {
        var path = Write(PathOf(), (new Column<decimal>("m", LogicalType.Decimal(18, 4)), new[] { 1.5m, 1.2345m }));
        var contract = Contract(("m", ColumnType.Decimal(10, 2), false));

        var e = await TestFiles.RejectedAsync(path, contract);

        Assert.Equal((2L, "m"), (e.Row, e.Column));
        Assert.Contains("found 1.2345, which has more than 2 digits after the point", e.Message, StringComparison.Ordinal);
        Write(PathOf("ok.parquet"), (new Column<decimal>("m", LogicalType.Decimal(18, 4)), new[] { 1.5m, -99999999.99m }));
        Assert.Equal([1.5m, -99999999.99m], await ColumnAsync(PathOf("ok.parquet"), contract));
    }

    [Fact]
    public async Task Decimal_of_a_narrower_type_reads_as_is()
    {
        var path = Write(PathOf(), (new Column<decimal?>("m", LogicalType.Decimal(6, 1)), new decimal?[] { -99999.9m, null }));

        Assert.Equal([-99999.9m, null], await ColumnAsync(path, Contract(("m", ColumnType.Decimal(10, 2), true))));
    }

    [Fact]
    public async Task Integer_reads_as_decimal_when_it_fits()
    {
        var path = Write(PathOf(), (new Column<long>("m"), new[] { 12L, 123_456_789L }));

        var e = await TestFiles.RejectedAsync(path, Contract(("m", ColumnType.Decimal(10, 2), false)));

        Assert.Equal(2L, e.Row);
        Assert.Contains("more than 8 digits before the point", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timestamps_of_every_unit_and_legacy_INT96_read_as_UTC_truncated_to_the_resolution()
    {
        var t = new DateTime(2024, 5, 1, 12, 30, 0, DateTimeKind.Utc).AddTicks(1_234_567);
        var nanos = new DateTimeNanos((t.Ticks - DateTime.UnixEpoch.Ticks) * 100 + 89);
        var path = Write(PathOf(),
            (new Column<DateTime>("millis_local", LogicalType.Timestamp(false, TimeUnit.Millis)), new[] { DateTime.SpecifyKind(t, DateTimeKind.Unspecified), t }),
            (new Column<DateTime>("micros", LogicalType.Timestamp(true, TimeUnit.Micros)), new[] { t, t }),
            (new Column<DateTimeNanos>("nanos", LogicalType.Timestamp(true, TimeUnit.Nanos)), new[] { nanos, nanos }),
            (new Column<Int96>("legacy"), new[] { Int96Of(t), Int96Of(t) }),
            (new Column<Date>("day"), new[] { new Date(2024, 5, 1), new Date(1970, 1, 1) }));
        var contract = Contract(("millis_local", ColumnType.Timestamp, false), ("micros", ColumnType.Timestamp, false),
            ("nanos", ColumnType.Timestamp, false), ("legacy", ColumnType.Timestamp, false), ("day", ColumnType.Timestamp, false));

        var row = (await TestFiles.ReadAsync(path, contract))[0];

        var micro = new DateTime(t.Ticks - (t.Ticks % 10), DateTimeKind.Utc);
        Assert.Equal<object?>([new DateTime(2024, 5, 1, 12, 30, 0, 123, DateTimeKind.Utc), micro, micro, micro, new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc)], row[2..]);
        Assert.All(row[1..], v => Assert.Equal(DateTimeKind.Utc, ((DateTime)v!).Kind));
        var seconds = (await TestFiles.ReadAsync(path, contract, new Reading.ReadOptions(TimeSpan.FromSeconds(1))))[0];
        Assert.All(seconds[2..6], v => Assert.Equal(new DateTime(2024, 5, 1, 12, 30, 0, DateTimeKind.Utc), v));
    }

    private static Int96 Int96Of(DateTime t)
    {
        var nanosOfDay = t.TimeOfDay.Ticks * 100;
        var julianDay = (int)((t.Date - DateTime.UnixEpoch).TotalDays + 2_440_588);
        return new Int96((int)(nanosOfDay & 0xFFFFFFFF), (int)(nanosOfDay >> 32), julianDay);
    }

    [Fact]
    public async Task Dates_read_as_DateOnly()
    {
        var path = Write(PathOf(), (new Column<Date>("d"), new[] { new Date(2024, 2, 29), new Date(1, 1, 1) }), (new Column<DateOnly?>("d2"), new DateOnly?[] { null, new DateOnly(9999, 12, 31) }));

        var rows = await TestFiles.ReadAsync(path, Contract(("d", ColumnType.Date, false), ("d2", ColumnType.Date, true)));

        Assert.Equal<object?>([new DateOnly(2024, 2, 29), null], rows[0][2..]);
        Assert.Equal<object?>([new DateOnly(1, 1, 1), new DateOnly(9999, 12, 31)], rows[1][2..]);
    }

    [Fact]
    public async Task Unannotated_byte_array_reads_as_UTF8_text_and_invalid_UTF8_is_rejected()
    {
        var path = Write(PathOf(), (new Column<byte[]>("s"), new[] { "é漢"u8.ToArray(), [] }));
        Assert.Equal(["é漢", ""], await ColumnAsync(path, Contract(("s", ColumnType.String, false))));

        Write(PathOf("bad.parquet"), (new Column<byte[]>("s"), new[] { "ok"u8.ToArray(), new byte[] { 0x61, 0xFF } }));
        var e = await TestFiles.RejectedAsync(PathOf("bad.parquet"), Contract(("s", ColumnType.String, false)));
        Assert.Equal((2L, "s"), (e.Row, e.Column));
        Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("string", "int64", "is Parquet string, which cannot be read as the contract's int64")]
    [InlineData("timestamp", "date", "is Parquet timestamp(micros, utc), which cannot be read as the contract's date")]
    [InlineData("double", "decimal", "is Parquet double, which cannot be read as the contract's decimal(10,2)")]
    [InlineData("int32", "string", "is Parquet int32, which cannot be read as the contract's string")]
    [InlineData("int32", "bool", "is Parquet int32, which cannot be read as the contract's bool")]
    [InlineData("list", "int64", "is a repeated Parquet int32 column, which cannot be read as the contract's int64")]
    public async Task Type_that_cannot_represent_the_contract_type_is_rejected_naming_both(string fileType, string contractType, string problem)
    {
        (Column, Array) column = fileType switch
        {
            "string" => (new Column<string>("x"), new[] { "1", "2" }),
            "timestamp" => (new Column<DateTime>("x", LogicalType.Timestamp(true, TimeUnit.Micros)), new[] { T0, T0 }),
            "double" => (new Column<double>("x"), new[] { 1.0, 2.0 }),
            "int32" => (new Column<int>("x"), new[] { 1, 0 }),
            _ => (new Column<int[]>("x"), new[] { new[] { 1 }, new[] { 2, 3 } }),
        };
        var path = Write(PathOf(), column);
        Assert.True(ColumnType.TryParse(contractType == "decimal" ? "decimal(10,2)" : contractType, out var type, out _));

        var e = await TestFiles.RejectedAsync(path, Contract(("x", type, false)));

        Assert.Equal($"data.parquet, column 'x': {problem}", e.Message);
    }

    [Fact]
    public async Task Repeated_column_the_contract_does_not_know_is_ignored()
    {
        var path = Write(PathOf(), (new Column<int[]>("tags"), new[] { new[] { 1 }, new[] { 2, 3 } }));

        Assert.Equal(2, (await TestFiles.ReadAsync(path, Contract())).Count);
    }

    [Fact]
    public async Task Rows_span_row_groups_and_batches_and_null_in_a_non_null_column_names_its_row()
    {
        var contract = TestFiles.Contract();
        var rows = Enumerable.Range(0, 9_000).Select(TestFiles.Row).ToList();
        await using (var stream = File.Create(PathOf()))
        {
            await Formats.Writing.ParquetFileWriter.WriteAsync(stream, contract, rows, rowGroupRows: 5_000, CancellationToken.None);
        }
        Assert.Equal(rows, await TestFiles.ReadAsync(PathOf(), contract));

        var shape = TestFiles.Build(contract.Columns.Select(c => (c.Name.Value, c.Type, c.Nullable || c.Name.Value == "code")), withEventTime: false);
        rows[7_000][4] = null;
        await using (var stream = File.Create(PathOf("null.parquet")))
        {
            await Formats.Writing.ParquetFileWriter.WriteAsync(stream, shape, rows, rowGroupRows: 5_000, CancellationToken.None);
        }
        var e = await TestFiles.RejectedAsync(PathOf("null.parquet"), contract);
        Assert.Equal("null.parquet: row 7001, column 'code': is null, but contract column 'code' is not nullable", e.Message);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("half")]
    [InlineData("text")]
    [InlineData("empty")]
    [InlineData("footer")]
    public async Task Corrupt_file_is_rejected_as_not_readable_Parquet(string damage)
    {
        var path = await _files.WriteAsync("parquet", TestFiles.Contract(), Enumerable.Range(0, 100).Select(TestFiles.Row));
        var bytes = await File.ReadAllBytesAsync(path);
        byte[] damaged = damage switch
        {
            "truncated" => bytes[..^1],
            "half" => bytes[..(bytes.Length / 2)],
            "text" => "id,updated_at\nk1,2024-01-01\n"u8.ToArray(),
            "empty" => [],
            _ => [.. bytes[..^40], .. Enumerable.Repeat((byte)0xAB, 32), .. bytes[^8..]],
        };
        await File.WriteAllBytesAsync(path, damaged);

        var e = await TestFiles.RejectedAsync(path, TestFiles.Contract());

        Assert.StartsWith("data.parquet: is not a readable Parquet file: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Damaged_data_pages_are_rejected_never_another_exception()
    {
        var rows = Enumerable.Range(0, 2_000).Select(TestFiles.Row).ToList();
        var path = await _files.WriteAsync("parquet", TestFiles.Contract(), rows);
        var bytes = await File.ReadAllBytesAsync(path);
        for (var at = 100; at < bytes.Length - 2_000; at += 997)
        {
            var damaged = (byte[])bytes.Clone();
            damaged.AsSpan(at, 16).Fill(0x5A);
            await File.WriteAllBytesAsync(path, damaged);
            try
            {
                await TestFiles.ReadAsync(path, TestFiles.Contract());
            }
            catch (Reading.FileRejectedException)
            {
            }
        }
    }
}
