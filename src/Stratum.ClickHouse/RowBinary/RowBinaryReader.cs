using System.Buffers.Binary;
using System.Text;

namespace Stratum.ClickHouse.RowBinary;

/// <summary>
/// Reads ClickHouse's <c>RowBinary</c> format from a window of bytes. A read past the window throws
/// <see cref="EndOfWindowException"/>; <see cref="ReadAllAsync{T}"/> catches it at a row boundary,
/// refills the window from the stream and reads the row again, so rows are decoded synchronously
/// and the network is read in large blocks.
/// </summary>
public sealed class RowBinaryReader
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private static readonly int EpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private byte[] _buffer;
    private int _position;
    private int _end;

    public RowBinaryReader(byte[] buffer) : this(buffer, 0, buffer?.Length ?? 0) { }

    public RowBinaryReader(byte[] buffer, int start, int end)
    {
        _buffer = buffer ?? throw new ArgumentNullException(nameof(buffer));
        _position = start;
        _end = end;
    }

    public bool AtEnd => _position >= _end;

    public int Position => _position;

    public byte ReadUInt8() => Take(1)[0];

    public bool ReadBool() => ReadUInt8() != 0;

    /// <summary>The Nullable prefix: true when the value is NULL (and nothing follows).</summary>
    public bool ReadIsNull() => ReadUInt8() != 0;

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public double ReadFloat64() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public ulong ReadVarUInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadUInt8();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new FormatException("RowBinary: a variable-length integer is longer than 10 bytes");
    }

    public string ReadString()
    {
        var length = ReadVarUInt();
        if (length > int.MaxValue)
        {
            throw new FormatException($"RowBinary: a string of {length} bytes");
        }
        return Utf8.GetString(Take((int)length));
    }

    public decimal ReadDecimal(int precision, int scale)
    {
        Int128 unscaled = DecimalCodec.Width(precision) switch
        {
            4 => ReadInt32(),
            8 => ReadInt64(),
            _ => BinaryPrimitives.ReadInt128LittleEndian(Take(16)),
        };
        return DecimalCodec.FromUnscaled(unscaled, scale);
    }

    public DateOnly ReadDate() => DateOnly.FromDayNumber(EpochDay + ReadUInt16());

    public DateTime ReadDateTime() => new(DateTime.UnixEpoch.Ticks + (ReadUInt32() * TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    public DateTime ReadDateTime64Micro() => new(DateTime.UnixEpoch.Ticks + (ReadInt64() * 10), DateTimeKind.Utc);

    /// <summary>Reads rows until the stream ends. A row cut off by the end of the stream is an error.</summary>
    public static async Task ReadAllAsync<T>(Stream stream, Func<RowBinaryReader, T> readRow, Action<T> onRow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(readRow);
        ArgumentNullException.ThrowIfNull(onRow);
        var buffer = new byte[1 << 20];
        var filled = 0;
        var reader = new RowBinaryReader(buffer, 0, 0);
        while (true)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // one row larger than the window
            }
            var n = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            filled += n;
            reader.Reset(buffer, 0, filled);
            var consumed = 0;
            while (!reader.AtEnd && TryRead(reader, readRow, out var row))
            {
                onRow(row);
                consumed = reader.Position;
            }
            if (n == 0)
            {
                if (consumed < filled)
                {
                    throw new FormatException($"RowBinary: the answer ended inside a row ({filled - consumed} bytes left over)");
                }
                return;
            }
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
        }
    }

    private static bool TryRead<T>(RowBinaryReader reader, Func<RowBinaryReader, T> readRow, out T row)
    {
        var start = reader._position;
        try
        {
            row = readRow(reader);
            return true;
        }
        catch (EndOfWindowException)
        {
            reader._position = start;
            row = default!;
            return false;
        }
    }

    private void Reset(byte[] buffer, int start, int end)
    {
        _buffer = buffer;
        _position = start;
        _end = end;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_end - _position < count)
        {
            throw new EndOfWindowException();
        }
        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }
}
