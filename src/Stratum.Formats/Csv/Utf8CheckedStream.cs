using Stratum.Reading;

namespace Stratum.Formats.Csv;

/// <summary>
/// Passes a CSV file's bytes through unchanged while checking they are valid UTF-8
/// (<see cref="Utf8Text"/>), so the reader's decoder never meets a byte it would replace. Counts
/// row ends (CR, LF or CRLF outside double quotes, as the CSV parser does) to name the row of a
/// bad byte: 0 for the header, then data rows from 1. Leaves the inner stream open.
/// </summary>
internal sealed class Utf8CheckedStream(Stream inner, string key) : Stream
{
    private readonly byte[] _pending = new byte[8]; // the start of a sequence cut by a read boundary
    private int _pendingLength;
    private long _pendingOffset;
    private long _offset; // bytes passed so far
    private long _rowEnds;
    private bool _inQuotes;
    private long _lastCr = -2;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Check(buffer[..n], buffer.IsEmpty);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Check(buffer.Span[..n], buffer.IsEmpty);
        return n;
    }

    private void Check(ReadOnlySpan<byte> bytes, bool askedForNothing)
    {
        if (bytes.IsEmpty)
        {
            if (!askedForNothing && _pendingLength > 0)
            {
                throw Rejected(_pending.AsSpan(0, _pendingLength), 0, _pendingOffset); // end of file inside a sequence
            }
            return;
        }
        var start = 0;
        if (_pendingLength > 0)
        {
            start = CompletePending(bytes);
        }
        var rest = bytes[start..];
        var bad = Utf8Text.FirstInvalid(rest, final: false, out var tail);
        if (bad >= 0)
        {
            CountRows(rest[..bad], _offset + start);
            throw Rejected(rest, bad, _offset + start + bad);
        }
        CountRows(rest, _offset + start);
        if (tail >= 0)
        {
            _pendingLength = rest.Length - tail;
            rest[tail..].CopyTo(_pending);
            _pendingOffset = _offset + start + tail;
        }
        _offset += bytes.Length;
    }

    /// <summary>Finishes the sequence the previous read cut; returns how many of <paramref name="bytes"/> it took.</summary>
    private int CompletePending(ReadOnlySpan<byte> bytes)
    {
        var take = Math.Min(bytes.Length, 4 - _pendingLength);
        Span<byte> joined = stackalloc byte[8];
        _pending.AsSpan(0, _pendingLength).CopyTo(joined);
        bytes[..take].CopyTo(joined[_pendingLength..]);
        var both = joined[..(_pendingLength + take)];
        switch (System.Text.Rune.DecodeFromUtf8(both, out _, out var consumed))
        {
            case System.Buffers.OperationStatus.Done:
                var used = consumed - _pendingLength;
                _pendingLength = 0;
                return used;
            case System.Buffers.OperationStatus.NeedMoreData:
                // Still short (a read of 1 byte): keep waiting.
                bytes[..take].CopyTo(_pending.AsSpan(_pendingLength));
                _pendingLength += take;
                return take;
            default:
                throw Rejected(both, 0, _pendingOffset);
        }
    }

    private void CountRows(ReadOnlySpan<byte> bytes, long baseOffset)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            var next = bytes[i..].IndexOfAny((byte)'"', (byte)'\n', (byte)'\r');
            if (next < 0)
            {
                return;
            }
            i += next;
            var at = baseOffset + i;
            switch (bytes[i])
            {
                case (byte)'"':
                    _inQuotes = !_inQuotes;
                    break;
                case (byte)'\r' when !_inQuotes:
                    _rowEnds++;
                    _lastCr = at;
                    break;
                case (byte)'\n' when !_inQuotes && _lastCr != at - 1:
                    _rowEnds++;
                    break;
            }
            i++;
        }
    }

    private FileRejectedException Rejected(ReadOnlySpan<byte> bytes, int at, long offset)
        => new(key, _rowEnds, null, Utf8Text.Problem(bytes, at, offset) + (_rowEnds == 0 ? " (in the header)" : ""));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
