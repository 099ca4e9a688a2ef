using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Stratum.Contracts;

namespace Stratum.Hashing;

/// <summary>
/// The canonical byte encoding of a typed value, shared by the row hash and the key text. The
/// format is documented in docs/row-hash.md so other tools can recompute hashes:
/// tag byte, then the payload (little-endian where numeric).
/// </summary>
public static class CanonicalEncoder
{
    public const byte TagNull = 0;
    public const byte TagString = 1;
    public const byte TagInt64 = 2;
    public const byte TagFloat64 = 3;
    public const byte TagDecimal = 4;
    public const byte TagBool = 5;
    public const byte TagDate = 6;
    public const byte TagTimestamp = 7;

    public static void WriteString(List<byte> buffer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)bytes.Length);
        buffer.AddRange(len);
        buffer.AddRange(bytes);
    }

    public static void WriteValue(List<byte> buffer, ColumnType type, object? value)
    {
        if (value is null)
        {
            buffer.Add(TagNull);
            return;
        }
        Span<byte> eight = stackalloc byte[8];
        switch (type.Kind)
        {
            case ColumnKind.String:
                buffer.Add(TagString);
                WriteString(buffer, (string)value);
                break;
            case ColumnKind.Int64:
                buffer.Add(TagInt64);
                BinaryPrimitives.WriteInt64LittleEndian(eight, (long)value);
                buffer.AddRange(eight);
                break;
            case ColumnKind.Float64:
                buffer.Add(TagFloat64);
                BinaryPrimitives.WriteInt64LittleEndian(eight, CanonicalDoubleBits((double)value));
                buffer.AddRange(eight);
                break;
            case ColumnKind.Decimal:
                buffer.Add(TagDecimal);
                WriteString(buffer, DecimalText((decimal)value, type.Scale));
                break;
            case ColumnKind.Bool:
                buffer.Add(TagBool);
                buffer.Add((bool)value ? (byte)1 : (byte)0);
                break;
            case ColumnKind.Date:
                buffer.Add(TagDate);
                Span<byte> four = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(four, ((DateOnly)value).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber);
                buffer.AddRange(four);
                break;
            case ColumnKind.Timestamp:
                buffer.Add(TagTimestamp);
                BinaryPrimitives.WriteInt64LittleEndian(eight, UnixMicros((DateTime)value));
                buffer.AddRange(eight);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "unknown column kind");
        }
    }

    /// <summary>-0.0 is 0.0 and every NaN is one NaN: equal values give equal bytes.</summary>
    public static long CanonicalDoubleBits(double d)
    {
        if (double.IsNaN(d))
        {
            return 0x7FF8000000000000;
        }
        return d == 0 ? 0 : BitConverter.DoubleToInt64Bits(d);
    }

    /// <summary>Exactly <paramref name="scale"/> fraction digits, '.' as separator, '-' for negatives, no '+'.</summary>
    public static string DecimalText(decimal value, int scale)
    {
        var text = Math.Round(value, scale, MidpointRounding.ToEven).ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return text.StartsWith("-", StringComparison.Ordinal) && text.TrimStart('-').All(c => c is '0' or '.') ? text[1..] : text;
    }

    public static long UnixMicros(DateTime t) => (t.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    public static DateTime FromUnixMicros(long micros) => new(DateTime.UnixEpoch.Ticks + (micros * 10), DateTimeKind.Utc);
}
