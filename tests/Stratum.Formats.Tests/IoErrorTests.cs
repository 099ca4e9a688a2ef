namespace Stratum.Formats.Tests;

/// <summary>
/// An I/O error of the content stream is transient (the loader retries it), so it must come out
/// as the very exception the stream threw, never dressed up as a bad file.
/// </summary>
public sealed class IoErrorTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<string, bool> Cases => new()
    {
        { "csv", true }, { "ndjson", true }, { "parquet", true }, { "parquet", false }, { "csv.gz", false }, { "ndjson.gz", true }, { "parquet.gz", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task IOException_of_the_stream_propagates_unchanged(string format, bool seekable)
    {
        var path = await _files.WriteAsync(format, TestFiles.Contract(), Enumerable.Range(0, 3_000).Select(TestFiles.Row));
        var bytes = await File.ReadAllBytesAsync(path);

        foreach (var failAt in new[] { 0, bytes.Length / 2, bytes.Length - 10 })
        {
            var failure = new IOException("connection reset");
            await using var stream = new FailingStream(bytes, failAt, seekable, failure);

            var e = await Assert.ThrowsAsync<IOException>(() => TestFiles.ReadAsync(stream, Path.GetFileName(path), TestFiles.Contract()));

            Assert.Same(failure, e);
        }
    }

    /// <summary>Serves the bytes up to <c>failAt</c>, then throws.</summary>
    private sealed class FailingStream(byte[] bytes, int failAt, bool seekable, Exception failure) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);

        public override bool CanRead => true;
        public override bool CanSeek => seekable;
        public override bool CanWrite => false;
        public override long Length => seekable ? _inner.Length : throw new NotSupportedException();

        public override long Position
        {
            get => seekable ? _inner.Position : throw new NotSupportedException();
            set => _inner.Position = seekable ? value : throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_inner.Position >= failAt)
            {
                throw failure;
            }
            return _inner.Read(buffer[..(int)Math.Min(buffer.Length, failAt - _inner.Position)]);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override long Seek(long offset, SeekOrigin origin) => seekable ? _inner.Seek(offset, origin) : throw new NotSupportedException();

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
