using Stratum.ClickHouse.RowBinary;

namespace Stratum.ClickHouse.Tests.RowBinary;

public sealed class RowBinaryWriterTests
{
    private static byte[] Bytes(Action<RowBinaryWriter> write)
    {
        var w = new RowBinaryWriter(64);
        write(w);
        return w.ToArray();
    }

    [Theory]
    [InlineData("", new byte[] { 0 })]
    [InlineData("a", new byte[] { 1, (byte)'a' })]
    [InlineData("é", new byte[] { 2, 0xC3, 0xA9 })]
    [InlineData("🚀", new byte[] { 4, 0xF0, 0x9F, 0x9A, 0x80 })]
    public void String_is_varint_length_then_utf8(string value, byte[] expected)
        => Assert.Equal(expected, Bytes(w => w.WriteString(value)));

    [Fact]
    public void String_encoding_equals_BinaryWriter_for_long_strings()
    {
        var s = new string('x', 300) + "ünïcødé";
        using var ms = new MemoryStream();
        using (var bw = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            bw.Write(s);
        }
        Assert.Equal(ms.ToArray(), Bytes(w => w.WriteString(s)));
    }

    [Theory]
    [InlineData(0UL, new byte[] { 0 })]
    [InlineData(127UL, new byte[] { 0x7F })]
    [InlineData(128UL, new byte[] { 0x80, 0x01 })]
    [InlineData(300UL, new byte[] { 0xAC, 0x02 })]
    [InlineData(ulong.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void VarUInt_is_leb128(ulong value, byte[] expected) => Assert.Equal(expected, Bytes(w => w.WriteVarUInt(value)));

    [Fact]
    public void Fixed_width_numbers_are_little_endian()
    {
        Assert.Equal(new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, Bytes(w => w.WriteInt64(-2)));
        Assert.Equal(new byte[] { 0x01, 0x02, 0x03, 0x04 }, Bytes(w => w.WriteInt32(0x04030201)));
        Assert.Equal(BitConverter.GetBytes(1.5), Bytes(w => w.WriteFloat64(1.5)));
        Assert.Equal(new byte[] { 1, 0 }, Bytes(w => { w.WriteBool(true); w.WriteBool(false); }));
    }

    [Fact]
    public void Nullable_is_a_flag_then_the_value()
    {
        Assert.Equal(new byte[] { 1 }, Bytes(w => w.WriteNullFlag(true)));
        Assert.Equal(new byte[] { 0, 1, (byte)'z' }, Bytes(w => { w.WriteNullFlag(false); w.WriteString("z"); }));
    }

    [Theory]
    [InlineData("1.5", 9, 2, new byte[] { 150, 0, 0, 0 })]
    [InlineData("-1.5", 9, 2, new byte[] { 0x6A, 0xFF, 0xFF, 0xFF })]
    [InlineData("0.125", 9, 2, new byte[] { 12, 0, 0, 0 })] // half to even
    [InlineData("0.135", 9, 2, new byte[] { 14, 0, 0, 0 })]
    [InlineData("-1.5", 18, 4, new byte[] { 0x68, 0xC5, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void Decimal_is_the_unscaled_integer_of_its_width(string value, int precision, int scale, byte[] expected)
        => Assert.Equal(expected, Bytes(w => w.WriteDecimal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), precision, scale)));

    [Fact]
    public void Decimal128_holds_28_digits()
    {
        var value = 9999999999999999999999.999999m; // decimal(28,6), the largest
        var bytes = Bytes(w => w.WriteDecimal(value, 28, 6));
        Assert.Equal(16, bytes.Length);
        Assert.Equal(Int128.Parse("9999999999999999999999999999", System.Globalization.CultureInfo.InvariantCulture), System.Buffers.Binary.BinaryPrimitives.ReadInt128LittleEndian(bytes));
        Assert.Equal(value, new RowBinaryReader(bytes).ReadDecimal(28, 6));
        Assert.Equal(-value, new RowBinaryReader(Bytes(w => w.WriteDecimal(-value, 28, 6))).ReadDecimal(28, 6));
    }

    [Theory]
    [InlineData("1000", 5, 2)]
    [InlineData("999.995", 5, 2)] // rounds up to 1000.00
    public void Decimal_that_does_not_fit_is_refused(string value, int precision, int scale)
        => Assert.Throws<ArgumentOutOfRangeException>(() => Bytes(w => w.WriteDecimal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), precision, scale)));

    [Fact]
    public void Date_is_days_since_1970_as_uint16()
    {
        Assert.Equal(new byte[] { 0, 0 }, Bytes(w => w.WriteDate(new DateOnly(1970, 1, 1))));
        Assert.Equal(new byte[] { 0xFF, 0xFF }, Bytes(w => w.WriteDate(new DateOnly(2149, 6, 6))));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bytes(w => w.WriteDate(new DateOnly(1969, 12, 31))));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bytes(w => w.WriteDate(new DateOnly(2149, 6, 7))));
    }

    [Fact]
    public void DateTime_is_whole_seconds_as_uint32()
    {
        var t = new DateTime(2025, 6, 21, 10, 0, 0, DateTimeKind.Utc).AddTicks(9_999_999);
        Assert.Equal(BitConverter.GetBytes((uint)1750500000), Bytes(w => w.WriteDateTime(t)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bytes(w => w.WriteDateTime(DateTime.UnixEpoch.AddTicks(-1))));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bytes(w => w.WriteDateTime(new DateTime(2106, 2, 8, 0, 0, 0, DateTimeKind.Utc))));
    }

    [Fact]
    public void DateTime64_is_microseconds_as_int64_floor()
    {
        var t = new DateTime(2025, 6, 21, 10, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567);
        Assert.Equal(BitConverter.GetBytes(1750500000_123456L), Bytes(w => w.WriteDateTime64Micro(t)));
        Assert.Equal(BitConverter.GetBytes(-1L), Bytes(w => w.WriteDateTime64Micro(DateTime.UnixEpoch.AddTicks(-1))));
    }

    [Fact]
    public void Buffer_grows_past_a_block_and_reports_full()
    {
        var w = new RowBinaryWriter(16);
        var big = new string('q', RowBinaryWriter.BlockSize);
        w.WriteString(big);
        Assert.True(w.IsBlockFull);
        Assert.Equal(big, new RowBinaryReader(w.ToArray()).ReadString());
        w.Clear();
        Assert.Equal(0, w.Length);
        Assert.False(w.IsBlockFull);
    }
}
