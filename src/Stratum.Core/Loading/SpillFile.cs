using Stratum.Contracts;
using Stratum.Planning;

namespace Stratum.Loading;

/// <summary>
/// One bucket of a spilled batch (<see cref="BatchRows"/>): rows appended to a local file in a
/// compact binary form and read back whole. Only this process reads it, within one batch; the
/// form is not kept anywhere, so it carries no version. A row is a mix of its key's hash and its
/// length (so a part of the file can be read, the rest skipped), then its source file (an index
/// into the batch's files), event time, flags, time in file, version hash and values, each value a
/// tag and its payload (<see cref="Tag"/>).
/// </summary>
internal sealed class SpillFile : IDisposable
{
    private readonly string _path;
    private readonly FileStream _file;
    private readonly BufferedStream _buffer;
    private readonly BinaryWriter _writer;
    private readonly MemoryStream _row = new();
    private readonly BinaryWriter _rowWriter;

    public SpillFile(string path)
    {
        _path = path;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
        _buffer = new BufferedStream(_file, 64 * 1024);
        _writer = new BinaryWriter(_buffer);
        _rowWriter = new BinaryWriter(_row);
    }

    public long Rows { get; private set; }

    public long Length => _buffer.Position;

    /// <summary>
    /// Appends a row: <paramref name="mix"/> (a hash of its key, by which <see cref="ReadAll"/> can
    /// take a part of the file) and its length, then the row.
    /// </summary>
    public void Write(IncomingRow row, int file, uint mix)
    {
        _row.SetLength(0);
        _rowWriter.Write7BitEncodedInt(file);
        _rowWriter.Write(row.EventTime.Ticks);
        _rowWriter.Write((byte)((row.IsTombstone ? 1 : 0) | (row.TimeInFile is null ? 0 : 2)));
        if (row.TimeInFile is { } inFile)
        {
            _rowWriter.Write(inFile.Ticks);
        }
        WriteText(row.Hash);
        _rowWriter.Write7BitEncodedInt(row.Values.Length);
        foreach (var value in row.Values)
        {
            WriteValue(value);
        }
        _rowWriter.Flush();
        _writer.Write(mix);
        _writer.Write((int)_row.Length);
        _writer.Write(_row.GetBuffer(), 0, (int)_row.Length);
        Rows++;
    }

    /// <summary>Cuts the file back to an earlier <see cref="Length"/> and row count.</summary>
    public void Truncate(long length, long rows)
    {
        _writer.Flush();
        _buffer.Flush();
        _file.SetLength(length);
        _buffer.Position = length;
        Rows = rows;
    }

    /// <summary>Appends every row of the file to <paramref name="into"/>, in the order written.</summary>
    /// <summary>
    /// Reads the file's rows into <paramref name="into"/>, in the order written; with
    /// <paramref name="parts"/> above one only the rows whose mix falls in <paramref name="part"/>
    /// (the others are skipped unread), so a file too large for a chunk is read in parts that
    /// share no key.
    /// </summary>
    public void ReadAll(TableContract contract, IReadOnlyList<string> files, List<IncomingRow> into, int part = 0, int parts = 1)
    {
        _writer.Flush();
        _buffer.Flush();
        using var read = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        var reader = new Reader(read);
        for (long n = 0; n < Rows; n++)
        {
            var mix = (uint)reader.ReadInt32();
            var length = reader.ReadInt32();
            if (parts > 1 && mix % (uint)parts != (uint)part)
            {
                reader.Skip(length);
                continue;
            }
            var file = files[reader.ReadCount()];
            var eventTime = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
            var flags = reader.ReadByte();
            DateTime? inFile = (flags & 2) != 0 ? new DateTime(reader.ReadInt64(), DateTimeKind.Utc) : null;
            var hash = reader.ReadText();
            var values = new object?[reader.ReadCount()];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = ReadValue(ref reader);
            }
            into.Add(new IncomingRow(RowKey.FromRow(contract, values), eventTime, hash, (flags & 1) != 0, values, file, inFile));
        }
    }

    private enum Tag : byte
    {
        Null,
        String,
        Int64,
        Float64,
        Decimal,
        False,
        True,
        Date,
        Timestamp,
    }

    private void WriteValue(object? value)
    {
        switch (value)
        {
            case null:
                _rowWriter.Write((byte)Tag.Null);
                break;
            case string s:
                _rowWriter.Write((byte)Tag.String);
                WriteText(s);
                break;
            case long l:
                _rowWriter.Write((byte)Tag.Int64);
                _rowWriter.Write(l);
                break;
            case double d:
                _rowWriter.Write((byte)Tag.Float64);
                _rowWriter.Write(d);
                break;
            case decimal m:
                _rowWriter.Write((byte)Tag.Decimal);
                _rowWriter.Write(m);
                break;
            case bool b:
                _rowWriter.Write((byte)(b ? Tag.True : Tag.False));
                break;
            case DateOnly d:
                _rowWriter.Write((byte)Tag.Date);
                _rowWriter.Write(d.DayNumber);
                break;
            case DateTime t:
                _rowWriter.Write((byte)Tag.Timestamp);
                _rowWriter.Write(t.Ticks);
                _rowWriter.Write((byte)t.Kind);
                break;
            default:
                throw new InvalidOperationException($"internal error: a value of type {value.GetType().Name} cannot be spilled");
        }
    }

    /// <summary>Text as its UTF-16 code units, so any string (a lone surrogate too) comes back as it was.</summary>
    private void WriteText(string s)
    {
        _rowWriter.Write7BitEncodedInt(s.Length);
        _rowWriter.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(s.AsSpan()));
    }

    private static object? ReadValue(ref Reader reader) => (Tag)reader.ReadByte() switch
    {
        Tag.Null => null,
        Tag.String => reader.ReadText(),
        Tag.Int64 => reader.ReadInt64(),
        Tag.Float64 => BitConverter.Int64BitsToDouble(reader.ReadInt64()),
        Tag.Decimal => reader.ReadDecimal(),
        Tag.False => false,
        Tag.True => true,
        Tag.Date => DateOnly.FromDayNumber(reader.ReadInt32()),
        Tag.Timestamp => new DateTime(reader.ReadInt64(), (DateTimeKind)reader.ReadByte()),
        var t => throw new InvalidDataException($"internal error: spill file with value tag {t}"),
    };

    /// <summary>
    /// Reads what <see cref="BinaryWriter"/> wrote (little-endian, 7-bit counts, decimals as four
    /// ints) from a window over the file, refilled as it is consumed: one read per 256 KB, not per value.
    /// </summary>
    private struct Reader(Stream stream)
    {
        private byte[] _window = new byte[256 * 1024];
        private int _at;
        private int _end;

        private ReadOnlySpan<byte> Take(int count)
        {
            if (_end - _at < count)
            {
                Fill(count);
            }
            var span = _window.AsSpan(_at, count);
            _at += count;
            return span;
        }

        private void Fill(int count)
        {
            var left = _end - _at;
            if (count > _window.Length)
            {
                Array.Resize(ref _window, Math.Max(count, _window.Length * 2));
            }
            Buffer.BlockCopy(_window, _at, _window, 0, left);
            _at = 0;
            _end = left;
            while (_end < count)
            {
                var n = stream.Read(_window, _end, _window.Length - _end);
                if (n == 0)
                {
                    throw new InvalidDataException("internal error: a spill file ended inside a row");
                }
                _end += n;
            }
        }

        public byte ReadByte() => Take(1)[0];

        public void Skip(int count)
        {
            while (count > 0)
            {
                if (_at == _end)
                {
                    Fill(1);
                }
                var n = Math.Min(count, _end - _at);
                _at += n;
                count -= n;
            }
        }

        public int ReadInt32() => System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long ReadInt64() => System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public decimal ReadDecimal()
        {
            var b = Take(16);
            return new decimal([
                System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(b),
                System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(b[4..]),
                System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(b[8..]),
                System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(b[12..])]);
        }

        /// <summary>A 7-bit encoded count, as <see cref="BinaryWriter.Write7BitEncodedInt"/> writes it.</summary>
        public int ReadCount()
        {
            var value = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var b = ReadByte();
                value |= (b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
            throw new InvalidDataException("internal error: a spill file with a bad count");
        }

        public string ReadText()
        {
            var length = ReadCount();
            return length == 0 ? "" : new string(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, char>(Take(length * 2)));
        }
    }

    public void Dispose()
    {
        _rowWriter.Dispose();
        _writer.Dispose();
        _buffer.Dispose();
        _file.Dispose();
    }
}
