using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Stratum.Contracts;

namespace Stratum.Hashing;

/// <summary>
/// The version hash of a row: SHA-256 over the canonical encoding of the tracked columns, taken
/// in ordinal order of their names (so input column order never matters), each as
/// <c>name (u32 length + UTF-8)</c> then <c>value (tag + payload)</c>. The first 16 bytes,
/// lower-case hex (32 characters). See docs/row-hash.md. One instance per thread: it reuses a buffer.
/// </summary>
public sealed class RowHasher
{
    private readonly (byte[] Name, int Ordinal, ColumnType Type)[] _tracked;
    private byte[] _buffer = new byte[1024];

    public RowHasher(TableContract contract)
    {
        _tracked = [.. contract.Tracked
            .OrderBy(t => t.Value, StringComparer.Ordinal)
            .Select(t => (NameBytes(t.Value), contract.Ordinal(t.Value), contract.Column(t.Value).Type))];
    }

    public string Hash(object?[] row)
    {
        var length = 0;
        foreach (var (name, ordinal, type) in _tracked)
        {
            Ensure(length + name.Length + 16);
            name.CopyTo(_buffer, length);
            length += name.Length;
            length = WriteValue(type, row[ordinal], length);
        }
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_buffer.AsSpan(0, length), digest);
        return Convert.ToHexStringLower(digest[..16]);
    }

    /// <summary>The same bytes as <see cref="CanonicalEncoder.WriteValue"/>, into the reused buffer.</summary>
    private int WriteValue(ColumnType type, object? value, int at)
    {
        if (value is null)
        {
            _buffer[at] = CanonicalEncoder.TagNull;
            return at + 1;
        }
        switch (type.Kind)
        {
            case ColumnKind.String:
                return WriteString(CanonicalEncoder.TagString, (string)value, at);
            case ColumnKind.Int64:
                _buffer[at] = CanonicalEncoder.TagInt64;
                BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(at + 1), (long)value);
                return at + 9;
            case ColumnKind.Float64:
                _buffer[at] = CanonicalEncoder.TagFloat64;
                BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(at + 1), CanonicalEncoder.CanonicalDoubleBits((double)value));
                return at + 9;
            case ColumnKind.Decimal:
                return WriteString(CanonicalEncoder.TagDecimal, CanonicalEncoder.DecimalText((decimal)value, type.Scale), at);
            case ColumnKind.Bool:
                _buffer[at] = CanonicalEncoder.TagBool;
                _buffer[at + 1] = (bool)value ? (byte)1 : (byte)0;
                return at + 2;
            case ColumnKind.Date:
                _buffer[at] = CanonicalEncoder.TagDate;
                BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(at + 1), ((DateOnly)value).DayNumber - UnixEpochDay);
                return at + 5;
            case ColumnKind.Timestamp:
                _buffer[at] = CanonicalEncoder.TagTimestamp;
                BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(at + 1), CanonicalEncoder.UnixMicros((DateTime)value));
                return at + 9;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "unknown column kind");
        }
    }

    private static readonly int UnixEpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private int WriteString(byte tag, string s, int at)
    {
        Ensure(at + 5 + Encoding.UTF8.GetMaxByteCount(s.Length));
        _buffer[at] = tag;
        var n = Encoding.UTF8.GetBytes(s, _buffer.AsSpan(at + 5));
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(at + 1), (uint)n);
        return at + 5 + n;
    }

    private void Ensure(int size)
    {
        if (size > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(size, _buffer.Length * 2));
        }
    }

    private static byte[] NameBytes(string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        var bytes = new byte[4 + utf8.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)utf8.Length);
        utf8.CopyTo(bytes, 4);
        return bytes;
    }
}
