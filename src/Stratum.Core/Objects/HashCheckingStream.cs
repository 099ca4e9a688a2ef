using System.Security.Cryptography;

namespace Stratum.Objects;

/// <summary>
/// A forward-only read of a local file that hashes the bytes as they pass and, when the end of
/// the content is reached, checks them against the listed identity (first 16 bytes of SHA-256,
/// and the size): a mismatch is <see cref="ObjectChangedException"/>. Reading past the listed size
/// fails at once. The check runs on the read that finds the end, so a consumer must read to the
/// end (the loader drains what a reader leaves). Not seekable: a reader that needs to seek copies
/// the content first.
/// </summary>
internal sealed class HashCheckingStream(Stream inner, string key, byte[] expectedHash, long expectedSize) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;
    private bool _checked;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => expectedSize;

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        return Account(buffer[..n], buffer.IsEmpty);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
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
            inner.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        _hash.Dispose();
        GC.SuppressFinalize(this);
    }

    private int Account(ReadOnlySpan<byte> data, bool emptyRequest)
    {
        if (_checked)
        {
            return data.IsEmpty ? 0 : throw new ObjectChangedException(key, "it grew after its end was read");
        }
        _read += data.Length;
        if (_read > expectedSize)
        {
            _checked = true;
            throw new ObjectChangedException(key, $"listed with {expectedSize} bytes, more were read");
        }
        _hash.AppendData(data);
        if (data.IsEmpty && !emptyRequest)
        {
            _checked = true; // the end of the content
            Span<byte> actual = stackalloc byte[32];
            _hash.GetHashAndReset(actual);
            if (_read != expectedSize || !actual[..16].SequenceEqual(expectedHash))
            {
                throw new ObjectChangedException(key, "the bytes read are not the listed content");
            }
        }
        return data.Length;
    }
}
