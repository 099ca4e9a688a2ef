using System.Buffers.Binary;
using System.Text;

namespace Stratum.ClickHouse.RowBinary;

/// <summary>
/// Writes ClickHouse's <c>RowBinary</c> format into a growing buffer that the caller sends in
/// blocks of about <see cref="BlockSize"/> bytes (one HTTP chunk per block, never one per row).
/// Little-endian fixed-width numbers; strings as a LEB128 length and UTF-8 bytes; a Nullable
/// value as a 1-byte null flag (1 = NULL) followed by the value when not NULL.
/// </summary>
public sealed class RowBinaryWriter
{
    public const int BlockSize = 1 << 20;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private static readonly int EpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private byte[] _buffer;
    private int _length;

    public RowBinaryWriter(int capacity = BlockSize + (BlockSize / 8)) => _buffer = new byte[Math.Max(capacity, 64)];

    public int Length => _length;

    /// <summary>True once a block's worth of bytes is buffered: send <see cref="Written"/>, then <see cref="Clear"/>.</summary>
    public bool IsBlockFull => _length >= BlockSize;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public void Clear() => _length = 0;

    public byte[] ToArray() => Written.ToArray();

    public void WriteUInt8(byte value) => Span(1)[0] = value;

    public void WriteBool(bool value) => WriteUInt8(value ? (byte)1 : (byte)0);

    /// <summary>The Nullable prefix: 1 for NULL (nothing follows), 0 for a value (the value follows).</summary>
    public void WriteNullFlag(bool isNull) => WriteUInt8(isNull ? (byte)1 : (byte)0);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Span(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Span(4), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Span(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Span(8), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Span(8), value);

    public void WriteFloat64(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Span(8), value);

    public void WriteVarUInt(ulong value)
    {
        var span = Span(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        _length -= 10 - n;
    }

    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= 42)
        {
            // At most 126 UTF-8 bytes: the length is one varint byte, written after the bytes are.
            var span = Span(1 + (value.Length * 3));
            var n = Utf8.GetBytes(value, span[1..]);
            span[0] = (byte)n;
            _length -= (value.Length * 3) - n;
            return;
        }
        var count = Utf8.GetByteCount(value);
        WriteVarUInt((ulong)count);
        Utf8.GetBytes(value, Span(count));
    }

    /// <summary><c>Decimal(p, s)</c>: the value rounded half-to-even to <paramref name="scale"/> digits, as the
    /// unscaled integer in 4 (p ≤ 9), 8 (p ≤ 18) or 16 bytes, two's complement.</summary>
    public void WriteDecimal(decimal value, int precision, int scale)
    {
        var unscaled = DecimalCodec.Unscaled(value, precision, scale);
        switch (DecimalCodec.Width(precision))
        {
            case 4: WriteInt32((int)unscaled); break;
            case 8: WriteInt64((long)unscaled); break;
            default: BinaryPrimitives.WriteInt128LittleEndian(Span(16), unscaled); break;
        }
    }

    /// <summary><c>Date</c>: days since 1970-01-01 as UInt16 (1970-01-01 … 2149-06-06).</summary>
    public void WriteDate(DateOnly value)
    {
        var days = value.DayNumber - EpochDay;
        if (days is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "ClickHouse Date holds 1970-01-01 to 2149-06-06");
        }
        WriteUInt16((ushort)days);
    }

    /// <summary><c>DateTime</c>: whole seconds since the Unix epoch (UTC) as UInt32; a fraction is dropped.</summary>
    public void WriteDateTime(DateTime value)
    {
        var seconds = Math.DivRem(value.Ticks - DateTime.UnixEpoch.Ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
        }
        if (seconds is < 0 or > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "ClickHouse DateTime holds 1970-01-01 to 2106-02-07");
        }
        WriteUInt32((uint)seconds);
    }

    /// <summary><c>DateTime64(6)</c>: microseconds since the Unix epoch (UTC) as Int64; a sub-microsecond fraction is dropped.</summary>
    public void WriteDateTime64Micro(DateTime value)
    {
        var micros = Math.DivRem(value.Ticks - DateTime.UnixEpoch.Ticks, 10, out var rest);
        WriteInt64(rest < 0 ? micros - 1 : micros);
    }

    private Span<byte> Span(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
