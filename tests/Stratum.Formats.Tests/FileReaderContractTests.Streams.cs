namespace Stratum.Formats.Tests;

/// <summary>
/// The content as a stream: every format also reads gzipped (content that is not gzip, or a
/// cut-off gzip, is a bad file), and an I/O error of the stream is transient (the loader retries
/// it), so it must come out as the very exception the stream threw, never dressed up as a bad file.
/// </summary>
public abstract partial class FileReaderContractTests
{
    [Fact]
    public async Task Gzipped_file_reads_like_the_plain_one()
    {
        var rows = Enumerable.Range(0, 2_000).Select(TestFiles.Row).ToList();

        var path = await WriteFileAsync(TestFiles.Contract(), rows, gzip: true);

        Assert.Equal([0x1F, 0x8B], (await File.ReadAllBytesAsync(path))[..2]);
        Assert.Equal(rows, await TestFiles.ReadAsync(path, TestFiles.Contract()));
    }

    [Fact]
    public async Task Content_that_is_not_gzip_is_rejected()
    {
        var plain = await WriteFileAsync(TestFiles.Contract(), [TestFiles.Row(1)]);
        var path = Path.Combine(Folder, FileName(gzip: true));
        File.Move(plain, path);

        var e = await TestFiles.RejectedAsync(path, TestFiles.Contract());

        Assert.StartsWith($"{FileName(gzip: true)}: is not valid gzip: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_gzip_is_rejected_rather_than_read_in_part()
    {
        var path = await WriteFileAsync(TestFiles.Contract(), Enumerable.Range(0, 5_000).Select(TestFiles.Row), gzip: true);
        var bytes = await File.ReadAllBytesAsync(path);

        foreach (var cut in new[] { bytes.Length - 3, bytes.Length * 2 / 3 })
        {
            await File.WriteAllBytesAsync(path, bytes[..cut]);
            var e = await Assert.ThrowsAsync<Reading.FileRejectedException>(() => TestFiles.ReadAsync(path, TestFiles.Contract()));
            Assert.Contains("gzip", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public async Task IOException_of_the_stream_propagates_unchanged(bool gzip, bool seekable)
    {
        var path = await WriteFileAsync(TestFiles.Contract(), Enumerable.Range(0, 3_000).Select(TestFiles.Row), gzip: gzip);
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
