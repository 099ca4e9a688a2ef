using System.IO.Compression;
using Stratum.Reading;

namespace Stratum.Formats;

/// <summary>
/// Decompresses a <c>.gz</c> file's content. Content that is not valid gzip is a bad file
/// (<see cref="FileRejectedException"/>), while I/O errors of the underlying stream pass through
/// unchanged so the loader can retry them. Leaves the underlying stream open.
/// </summary>
internal sealed class GzipInputStream(Stream content, string key) : Stream
{
    private readonly GZipStream _gzip = new(content, CompressionMode.Decompress, leaveOpen: true);

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
        try
        {
            return _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw Rejected(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw Rejected(e);
        }
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

    private FileRejectedException Rejected(InvalidDataException e) => new(key, 0, null, $"is not valid gzip: {e.Message}", e);
}
