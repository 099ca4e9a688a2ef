namespace Stratum.Formats.Parquet;

/// <summary>
/// Remembers the first exception the wrapped stream throws. ParquetSharp reports a failing read as
/// a <c>ParquetException</c> carrying only the text; the reader rethrows the original instead, so an
/// I/O error stays an I/O error (transient, retried) and is not mistaken for a corrupt file.
/// </summary>
internal sealed class ErrorCapturingStream(Stream inner) : Stream
{
    public Exception? Error { get; private set; }

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => Capture(() => inner.Length);

    public override long Position
    {
        get => Capture(() => inner.Position);
        set => Capture(() => inner.Position = value);
    }

    public override int Read(byte[] buffer, int offset, int count) => Capture(() => inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception e)
        {
            Error ??= e;
            throw;
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => Capture(() => inner.Seek(offset, origin));

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private T Capture<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e)
        {
            Error ??= e;
            throw;
        }
    }
}
