using System.Buffers.Binary;
using System.IO.Compression;
using Stratum.Reading;

namespace Stratum.Formats;

/// <summary>
/// Decompresses a <c>.gz</c> file's content. Content that is not valid gzip is a bad file
/// (<see cref="FileRejectedException"/>), while I/O errors of the underlying stream pass through
/// unchanged so the loader can retry them. <see cref="GZipStream"/> returns a truncated file's
/// data without complaint, so at the end the gzip trailer (CRC-32 and length of the content) is
/// checked against what was decompressed: a cut-off upload is rejected rather than loaded in
/// part. The check assumes one gzip member, as every common writer produces; a file of several
/// concatenated members is rejected too. Leaves the underlying stream open.
/// </summary>
internal sealed class GzipInputStream : Stream
{
    private readonly TailStream _source;
    private readonly GZipStream _gzip;
    private readonly string _key;
    private uint _crc;
    private long _length;
    private bool _verified;

    private GzipInputStream(Stream content, string key)
    {
        _source = new TailStream(content);
        _gzip = new GZipStream(_source, CompressionMode.Decompress, leaveOpen: true);
        _key = key;
    }

    /// <summary>The content to parse: decompressed when the key ends with <c>.gz</c>, else the content itself.</summary>
    public static Stream Open(Stream content, string key) => FileKey.IsGzip(key) ? new GzipInputStream(content, key) : content;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw Rejected($"is not valid gzip: {e.Message}", e);
        }
        return Account(buffer[..n], buffer.IsEmpty);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        try
        {
            n = await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw Rejected($"is not valid gzip: {e.Message}", e);
        }
        return Account(buffer.Span[..n], buffer.IsEmpty);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }
        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> data, bool emptyRequest)
    {
        if (!data.IsEmpty)
        {
            _crc = Crc32.Append(_crc, data);
            _length += data.Length;
        }
        else if (!emptyRequest && !_verified)
        {
            _verified = true;
            Verify();
        }
        return data.Length;
    }

    private void Verify()
    {
        if (_source.Total == 0)
        {
            return; // an empty .gz file (what GZipStream writes for no content) is empty content
        }
        var trailer = _source.Tail;
        if (trailer.Length < 8
            || BinaryPrimitives.ReadUInt32LittleEndian(trailer) != _crc
            || BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) != (uint)_length)
        {
            throw Rejected($"is truncated or corrupt gzip: its trailer does not match the {_length} bytes it decompressed to");
        }
    }

    private FileRejectedException Rejected(string problem, Exception? inner = null) => new(_key, 0, null, problem, inner);

    /// <summary>Passes reads through and remembers the last 8 bytes read: at the end, the gzip trailer.</summary>
    private sealed class TailStream(Stream inner) : Stream
    {
        private readonly byte[] _tail = new byte[8];
        private int _tailLength;

        public ReadOnlySpan<byte> Tail => _tail.AsSpan(0, _tailLength);

        public long Total { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Remember(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override int Read(Span<byte> buffer) => Remember(buffer[..inner.Read(buffer)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Remember(buffer.Span[..n]);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Remember(ReadOnlySpan<byte> data)
        {
            Total += data.Length;
            if (data.Length >= 8)
            {
                data[^8..].CopyTo(_tail);
                _tailLength = 8;
            }
            else if (!data.IsEmpty)
            {
                var keep = Math.Min(_tailLength, 8 - data.Length);
                _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
                data.CopyTo(_tail.AsSpan(keep));
                _tailLength = keep + data.Length;
            }
            return data.Length;
        }
    }
}
