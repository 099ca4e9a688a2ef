using System.Net;
using Stratum.ClickHouse.RowBinary;

namespace Stratum.ClickHouse.Client;

/// <summary>An INSERT body streamed as RowBinary: rows are encoded into a buffer that is sent each
/// time it holds a block (~1 MB), so the request is a few large chunks, not one per row.</summary>
internal sealed class RowBinaryContent<T>(IEnumerable<T> rows, Action<RowBinaryWriter, T> writeRow) : HttpContent
{
    public long RowsWritten { get; private set; }

    public long BytesWritten { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var writer = new RowBinaryWriter();
        foreach (var row in rows)
        {
            writeRow(writer, row);
            RowsWritten++;
            if (writer.IsBlockFull)
            {
                await stream.WriteAsync(writer.Written, cancellationToken);
                BytesWritten += writer.Length;
                writer.Clear();
            }
        }
        if (writer.Length > 0)
        {
            await stream.WriteAsync(writer.Written, cancellationToken);
            BytesWritten += writer.Length;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
