using System.IO.Compression;
using Stratum.Contracts;

namespace Stratum.Formats.Writing;

/// <summary>Writes rows in the format an object key names (<c>.parquet</c>, <c>.ndjson</c>/<c>.jsonl</c>/<c>.json</c>, <c>.csv</c>), gzipped when it ends with <c>.gz</c>.</summary>
public static class FileWriters
{
    public static async Task WriteAsync(Stream stream, string key, TableContract contract, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        Func<Stream, Task> write = true switch
        {
            _ when FileKey.HasExtension(key, ".parquet") => s => ParquetFileWriter.WriteAsync(s, contract, rows, cancellationToken),
            _ when FileKey.HasExtension(key, ".ndjson", ".jsonl", ".json") => s => NdjsonFileWriter.WriteAsync(s, contract, rows, cancellationToken),
            _ when FileKey.HasExtension(key, ".csv") => s => CsvFileWriter.WriteAsync(s, contract, rows, cancellationToken),
            _ => throw new ArgumentException($"no writer for '{key}'; use .parquet, .ndjson, .jsonl, .json or .csv, optionally with .gz", nameof(key)),
        };
        if (!FileKey.IsGzip(key))
        {
            await write(stream).ConfigureAwait(false);
            return;
        }
        var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            await write(gzip).ConfigureAwait(false);
        }
    }
}
