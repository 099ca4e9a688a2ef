using ParquetSharp;
using ParquetSharp.Schema;
using Stratum.Contracts;
using PqWriter = ParquetSharp.ParquetFileWriter;

namespace Stratum.Formats.Writing;

/// <summary>
/// Writes contract rows as Parquet that <see cref="Parquet.ParquetFileReader"/> reads back:
/// nullable columns optional, others required; strings UTF-8; decimals as Parquet DECIMAL(p,s);
/// dates as DATE; timestamps as TIMESTAMP(MICROS, UTC) (finer ticks are dropped); Snappy;
/// row groups of <see cref="DefaultRowGroupRows"/> rows. The stream need not seek. For tests,
/// <c>simulate</c> and benchmarks.
/// </summary>
public static class ParquetFileWriter
{
    public const int DefaultRowGroupRows = 100_000;

    public static Task WriteAsync(Stream stream, TableContract contract, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
        => WriteAsync(stream, contract, rows, DefaultRowGroupRows, cancellationToken);

    /// <summary>ParquetSharp writes synchronously; cancellation is checked between row groups.</summary>
    public static Task WriteAsync(Stream stream, TableContract contract, IEnumerable<object?[]> rows, int rowGroupRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        try
        {
            Write(stream, contract, rows, rowGroupRows, cancellationToken);
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    private static void Write(Stream stream, TableContract contract, IEnumerable<object?[]> rows, int rowGroupRows, CancellationToken cancellationToken)
    {
        var columns = contract.Columns.Select(c => ParquetColumnBuffer.For(c, rowGroupRows)).ToArray();
        try
        {
            using var schema = new GroupNode("schema", Repetition.Required, [.. columns.Select(c => c.Node)]);
            using var properties = new WriterPropertiesBuilder().Compression(Compression.Snappy).Build();
            // ParquetSharp asks the stream for its position; one that cannot seek (gzip, an upload) is counted instead.
            using var output = stream.CanSeek ? null : new CountingStream(stream);
            using var file = new PqWriter(output ?? stream, schema, properties, keyValueMetadata: null, leaveOpen: true);
            var count = 0;
            foreach (var row in rows)
            {
                for (var i = 0; i < columns.Length; i++)
                {
                    columns[i].Buffer.Add(count, row[i]);
                }
                if (++count == rowGroupRows)
                {
                    WriteRowGroup(file, columns, count);
                    count = 0;
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            if (count > 0)
            {
                WriteRowGroup(file, columns, count);
            }
            file.Close();
        }
        finally
        {
            foreach (var (node, _) in columns)
            {
                node.Dispose();
            }
        }
    }

    private static void WriteRowGroup(PqWriter file, (Node Node, ParquetColumnBuffer Buffer)[] columns, int count)
    {
        using var rowGroup = file.AppendRowGroup();
        foreach (var (_, buffer) in columns)
        {
            using var writer = rowGroup.NextColumn();
            buffer.Write(writer, count);
        }
    }
}
