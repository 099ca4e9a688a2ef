using Stratum.Contracts;
using Stratum.Planning;

namespace Stratum.Loading;

/// <summary>
/// One bucket of a spilled batch (<see cref="BatchRows"/>): rows appended to a local file in a
/// compact binary form and read back whole. Only this process reads it, within one batch; the
/// form is not kept anywhere, so it carries no version. A row is its source file (an index into
/// the batch's files), event time, flags, time in file, version hash and values, each value a tag
/// and its payload (<see cref="Tag"/>).
/// </summary>
internal sealed class SpillFile : IDisposable
{
    private readonly string _path;
    private readonly FileStream _file;
    private readonly BufferedStream _buffer;
    private readonly BinaryWriter _writer;

    public SpillFile(string path)
    {
        _path = path;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
        _buffer = new BufferedStream(_file, 64 * 1024);
        _writer = new BinaryWriter(_buffer);
    }

    public long Rows { get; private set; }

    public long Length => _buffer.Position;

    public void Write(IncomingRow row, int file)
    {
        _writer.Write7BitEncodedInt(file);
        _writer.Write(row.EventTime.Ticks);
        _writer.Write((byte)((row.IsTombstone ? 1 : 0) | (row.TimeInFile is null ? 0 : 2)));
        if (row.TimeInFile is { } inFile)
        {
            _writer.Write(inFile.Ticks);
        }
        WriteText(row.Hash);
        _writer.Write7BitEncodedInt(row.Values.Length);
        foreach (var value in row.Values)
        {
            WriteValue(value);
        }
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
    public void ReadAll(TableContract contract, IReadOnlyList<string> files, List<IncomingRow> into)
    {
        _writer.Flush();
        _buffer.Flush();
        using var read = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
        using var reader = new BinaryReader(read);
        for (long n = 0; n < Rows; n++)
        {
            var file = files[reader.Read7BitEncodedInt()];
            var eventTime = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
            var flags = reader.ReadByte();
            DateTime? inFile = (flags & 2) != 0 ? new DateTime(reader.ReadInt64(), DateTimeKind.Utc) : null;
            var hash = ReadText(reader);
            var values = new object?[reader.Read7BitEncodedInt()];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = ReadValue(reader);
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
                _writer.Write((byte)Tag.Null);
                break;
            case string s:
                _writer.Write((byte)Tag.String);
                WriteText(s);
                break;
            case long l:
                _writer.Write((byte)Tag.Int64);
                _writer.Write(l);
                break;
            case double d:
                _writer.Write((byte)Tag.Float64);
                _writer.Write(d);
                break;
            case decimal m:
                _writer.Write((byte)Tag.Decimal);
                _writer.Write(m);
                break;
            case bool b:
                _writer.Write((byte)(b ? Tag.True : Tag.False));
                break;
            case DateOnly d:
                _writer.Write((byte)Tag.Date);
                _writer.Write(d.DayNumber);
                break;
            case DateTime t:
                _writer.Write((byte)Tag.Timestamp);
                _writer.Write(t.Ticks);
                _writer.Write((byte)t.Kind);
                break;
            default:
                throw new InvalidOperationException($"internal error: a value of type {value.GetType().Name} cannot be spilled");
        }
    }

    /// <summary>Text as its UTF-16 code units, so any string (a lone surrogate too) comes back as it was.</summary>
    private void WriteText(string s)
    {
        _writer.Write7BitEncodedInt(s.Length);
        _writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(s.AsSpan()));
    }

    private static string ReadText(BinaryReader reader)
    {
        var length = reader.Read7BitEncodedInt();
        return string.Create(length, reader, static (chars, r) =>
        {
            r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(chars)); // BinaryReader reads nothing ahead
        });
    }

    private static object? ReadValue(BinaryReader reader) => (Tag)reader.ReadByte() switch
    {
        Tag.Null => null,
        Tag.String => ReadText(reader),
        Tag.Int64 => reader.ReadInt64(),
        Tag.Float64 => reader.ReadDouble(),
        Tag.Decimal => reader.ReadDecimal(),
        Tag.False => false,
        Tag.True => true,
        Tag.Date => DateOnly.FromDayNumber(reader.ReadInt32()),
        Tag.Timestamp => new DateTime(reader.ReadInt64(), (DateTimeKind)reader.ReadByte()),
        var t => throw new InvalidDataException($"internal error: spill file with value tag {t}"),
    };

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
        _file.Dispose();
    }
}
