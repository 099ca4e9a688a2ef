using System.Buffers;
using Stratum.Reading;

namespace Stratum.Formats.Ndjson;

/// <summary>
/// Splits a UTF-8 stream into lines without decoding it, one buffer reused (grown only for a longer
/// line, up to <see cref="MaxLineBytes"/>). A line is valid until the next call. Drops a trailing
/// <c>\r</c> and a leading byte-order mark.
/// </summary>
internal sealed class Utf8LineReader(Stream stream, string key) : IDisposable
{
    public const int MaxLineBytes = 256 * 1024 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _scanned;
    private int _end;
    private bool _eof;
    private long _dropped; // bytes moved out of the buffer's front

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Byte offset in the (decompressed) file of the first byte of the line last returned.</summary>
    public long LineOffset { get; private set; }

    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, _scanned + newline - _start);
                LineOffset = _dropped + _start;
                _start = _scanned = _scanned + newline + 1;
                return Clean(line);
            }
            _scanned = _end;
            if (_eof)
            {
                if (_start == _end)
                {
                    return null;
                }
                var last = _buffer.AsMemory(_start, _end - _start);
                LineOffset = _dropped + _start;
                _start = _end;
                return Clean(last);
            }
            MakeRoom();
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            _eof = read == 0;
            _end += read;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private ReadOnlyMemory<byte> Clean(ReadOnlyMemory<byte> line)
    {
        LineNumber++;
        if (LineNumber == 1 && line.Span.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
            LineOffset += 3;
        }
        return line.Span.EndsWith("\r"u8) ? line[..^1] : line;
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _dropped += _start;
            _end -= _start;
            _scanned -= _start;
            _start = 0;
        }
        if (_end < _buffer.Length)
        {
            return;
        }
        if (_buffer.Length >= MaxLineBytes)
        {
            throw new FileRejectedException(key, 0, null, $"has a line longer than {MaxLineBytes / (1024 * 1024)} MB at line {LineNumber + 1}");
        }
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(MaxLineBytes, _buffer.Length * 2));
        _buffer.AsSpan(0, _end).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
