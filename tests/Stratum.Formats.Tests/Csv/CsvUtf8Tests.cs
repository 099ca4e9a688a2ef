using System.IO.Compression;
using System.Text;
using Stratum.Contracts;
using Stratum.Reading;

namespace Stratum.Formats.Tests.Csv;

/// <summary>
/// Text is never altered: a CSV file that is not valid UTF-8 is rejected naming the row and the
/// byte offset of the bad sequence (never decoded with U+FFFD, which would make distinct values
/// equal); valid multi-byte text loads exactly, however the reads cut it.
/// </summary>
public sealed class CsvUtf8Tests : IDisposable
{
    private static readonly TableContract Contract = TestFiles.Build([("id", ColumnType.String, false), ("name", ColumnType.String, true)], withEventTime: false);

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<byte[], string> BadSequences => new()
    {
        { [0xFF], "invalid byte sequence 0xFF" },
        { [0xFE], "invalid byte sequence 0xFE" },
        { [0x80], "invalid byte sequence 0x80" }, // a continuation byte with no lead
        { [0xE4, 0xB8], "invalid byte sequence 0xE4 0xB8" }, // 中 (E4 B8 AD) cut short, then a comma or newline
        { [0xC0, 0xAF], "invalid byte sequence 0xC0" }, // '/' overlong in two bytes
        { [0xE0, 0x80, 0xAF], "invalid byte sequence 0xE0" }, // '/' overlong in three bytes
        { [0xED, 0xA0, 0x80], "invalid byte sequence 0xED" }, // a UTF-16 surrogate
        { [0xF4, 0x90, 0x80, 0x80], "invalid byte sequence 0xF4" }, // beyond U+10FFFF
    };

    private static byte[] Bytes(params object[] parts)
        => [.. parts.SelectMany(p => p is byte[] b ? b : Encoding.UTF8.GetBytes((string)p))];

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_files.Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [MemberData(nameof(BadSequences))]
    public async Task Invalid_UTF8_in_a_value_is_rejected_with_row_and_offset(byte[] bad, string shown)
    {
        var prefix = Bytes("id,name\nk1,a\nk2,caf");
        var path = Write("data.csv", Bytes(prefix, bad, "\nk3,c\n"));

        var e = await TestFiles.RejectedAsync(path, Contract);

        Assert.Equal(2L, e.Row);
        Assert.Equal($"data.csv: row 2: is not valid UTF-8: {shown} at byte offset {prefix.Length}", e.Message);
    }

    [Theory]
    [MemberData(nameof(BadSequences))]
    public async Task Invalid_UTF8_in_the_header_is_rejected_as_row_0(byte[] bad, string shown)
    {
        var path = Write("data.csv", Bytes("id,na", bad, "me\nk1,a\n"));

        var e = await TestFiles.RejectedAsync(path, Contract);

        Assert.Equal(0L, e.Row);
        Assert.Equal($"data.csv: is not valid UTF-8: {shown} at byte offset 5 (in the header)", e.Message);
    }

    [Fact]
    public async Task A_file_ending_inside_a_multi_byte_sequence_is_rejected()
    {
        var path = Write("data.csv", Bytes("id,name\nk1,", new byte[] { 0xF0, 0x9F, 0x98 }));

        var e = await TestFiles.RejectedAsync(path, Contract);

        Assert.Equal("data.csv: row 1: is not valid UTF-8: a multi-byte sequence cut short (0xF0 0x9F 0x98) at byte offset 11", e.Message);
    }

    [Fact]
    public async Task Two_values_that_differ_only_in_invalid_bytes_are_not_merged()
    {
        // Decoded with replacement both would be "x\uFFFD": the file is refused instead.
        var path = Write("data.csv", Bytes("id,name\nk1,x", new byte[] { 0xFF }, "\nk2,x", new byte[] { 0xFE }, "\n"));

        var e = await TestFiles.RejectedAsync(path, Contract);

        Assert.Equal(1L, e.Row);
    }

    [Fact]
    public async Task Rows_are_counted_as_the_CSV_parser_counts_them()
    {
        // A line break inside quotes is not a row end; CRLF is one row end, a lone CR is one.
        var prefix = Bytes("id,name\r\nk1,\"two\nlines, \"\"quoted\"\"\"\r\nk2,b\rk3,c\n\nk4,");
        var path = Write("data.csv", Bytes(prefix, new byte[] { 0xFF }, "\n"));

        var e = await TestFiles.RejectedAsync(path, Contract);

        Assert.Equal(5L, e.Row); // k1, k2, k3, the blank line, k4
        Assert.Contains($"at byte offset {prefix.Length}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gzipped_CSV_with_invalid_UTF8_is_rejected_with_the_offset_in_the_decompressed_text()
    {
        var text = Bytes("id,name\nk1,a\nk2,", new byte[] { 0xC3, 0x28 }, "\n");
        var path = Path.Combine(_files.Folder, "data.csv.gz");
        await using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Optimal))
        {
            await gzip.WriteAsync(text);
        }

        var e = await TestFiles.RejectedAsync(path, Contract);

        Assert.Equal("data.csv.gz: row 2: is not valid UTF-8: invalid byte sequence 0xC3 at byte offset 16", e.Message);
    }

    [Fact]
    public async Task A_UTF16_file_is_rejected_not_decoded()
    {
        var path = Write("data.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("id,name\nk1,a\n")]);

        var e = await TestFiles.RejectedAsync(path, Contract);

        Assert.Equal("data.csv: is not valid UTF-8: invalid byte sequence 0xFF at byte offset 0 (in the header)", e.Message);
    }

    private static readonly string[] Texts = ["日本語のテキスト", "😀 emoji 👩‍👩‍👧", "中文,\"引号\"", "é ñ ü ß", "\uFFFD (a real replacement character)", "𝄞 music", "ascii"];

    private static byte[] ValidFile(int rows)
    {
        var sb = new StringBuilder("id,name\n");
        for (var i = 0; i < rows; i++)
        {
            var t = Texts[i % Texts.Length];
            sb.Append(CultureInfo(i)).Append(',').Append(t.Contains(',', StringComparison.Ordinal) ? "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : t).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string CultureInfo(int i) => "ключ" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(int.MaxValue)]
    public async Task Valid_multi_byte_text_loads_exactly_however_the_reads_cut_it(int chunk)
    {
        var rows = await TestFiles.ReadAsync(new TricklingStream(ValidFile(500), chunk), "data.csv", Contract);

        Assert.Equal(500, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(CultureInfo(i), rows[i][0]);
            Assert.Equal(Texts[i % Texts.Length], rows[i][1]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public async Task Invalid_UTF8_is_found_however_the_reads_cut_it(int chunk)
    {
        var good = ValidFile(200);
        var bytes = Bytes(good, "k,abc", new byte[] { 0xE2, 0x82 }, "\n"); // € (E2 82 AC) cut short

        var e = await Assert.ThrowsAsync<FileRejectedException>(() => TestFiles.ReadAsync(new TricklingStream(bytes, chunk), "data.csv", Contract));

        Assert.Equal($"data.csv: row 201: is not valid UTF-8: invalid byte sequence 0xE2 0x82 at byte offset {good.Length + 5}", e.Message);
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read.</summary>
    private sealed class TricklingStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Task.FromResult(Read(buffer, offset, count));
    }
}
