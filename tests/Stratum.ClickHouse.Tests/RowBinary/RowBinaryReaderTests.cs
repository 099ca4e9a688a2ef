using Stratum.ClickHouse.RowBinary;

namespace Stratum.ClickHouse.Tests.RowBinary;

public sealed class RowBinaryReaderTests
{
    /// <summary>A stream that hands out at most <paramref name="step"/> bytes per read, as a slow network does.</summary>
    private sealed class TrickleStream(byte[] data, int step) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => base.ReadAsync(buffer[..Math.Min(step, buffer.Length)], cancellationToken);
    }

    private static byte[] Rows(int count, Func<int, string> text)
    {
        var w = new RowBinaryWriter();
        for (var i = 0; i < count; i++)
        {
            w.WriteInt64(i);
            w.WriteString(text(i));
            w.WriteNullFlag(i % 3 == 0);
            if (i % 3 != 0)
            {
                w.WriteDecimal(i / 100m, 18, 4);
            }
        }
        return w.ToArray();
    }

    private static (long, string, decimal?) Read(RowBinaryReader r)
        => (r.ReadInt64(), r.ReadString(), r.ReadIsNull() ? null : r.ReadDecimal(18, 4));

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1 << 16)]
    public async Task Rows_split_across_reads_are_decoded_whole(int step)
    {
        var data = Rows(5000, i => $"row {i} " + new string('x', i % 40));
        var rows = new List<(long, string, decimal?)>();
        await RowBinaryReader.ReadAllAsync(new TrickleStream(data, step), Read, rows.Add, default);
        Assert.Equal(5000, rows.Count);
        Assert.Equal((4999L, "row 4999 " + new string('x', 4999 % 40), 49.99m), rows[^1]);
        Assert.Null(rows[3].Item3);
    }

    [Fact]
    public async Task A_row_larger_than_the_buffer_is_read()
    {
        var big = new string('€', 3 << 20);
        var data = Rows(3, i => i == 1 ? big : "small");
        var rows = new List<(long, string, decimal?)>();
        await RowBinaryReader.ReadAllAsync(new TrickleStream(data, 100_000), Read, rows.Add, default);
        Assert.Equal(big, rows[1].Item2);
    }

    [Fact]
    public async Task An_answer_cut_inside_a_row_is_an_error()
    {
        var data = Rows(10, i => "abc");
        var cut = data[..^3];
        var e = await Assert.ThrowsAsync<FormatException>(() => RowBinaryReader.ReadAllAsync(new MemoryStream(cut), Read, _ => { }, default));
        Assert.Contains("ended inside a row", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_answer_has_no_rows()
    {
        var count = 0;
        await RowBinaryReader.ReadAllAsync(new MemoryStream(), Read, _ => count++, default);
        Assert.Equal(0, count);
    }
}
