using System.Runtime.CompilerServices;
using Stratum.Contracts;
using Stratum.Reading;

namespace Stratum.Formats.Parquet;

/// <summary>
/// Parquet files (<c>.parquet</c>, <c>.parquet.gz</c>) through ParquetSharp. Parquet needs random
/// access (its footer is at the end), so content that cannot seek (a network stream, gzip) is first
/// copied to a temporary file that is deleted on close. Rows are read a batch at a time, one row
/// group open at a time. Types are mapped as <see cref="ParquetConverters"/> describes.
/// </summary>
public sealed class ParquetFileReader : IFileReader
{
    public bool CanRead(string key) => FileKey.HasExtension(key, ".parquet");

    public async IAsyncEnumerable<object?[]> ReadAsync(Stream content, string key, TableContract contract, ReadOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seekable = content.CanSeek && !FileKey.IsGzip(key) ? content : await CopyToTempFileAsync(content, key, cancellationToken).ConfigureAwait(false);
        try
        {
            using var source = ParquetRowSource.Open(new ErrorCapturingStream(seekable), key, contract, options);
            while (source.NextBatch() is { } batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var row in batch)
                {
                    yield return row;
                }
            }
        }
        finally
        {
            if (!ReferenceEquals(seekable, content))
            {
                await seekable.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<Stream> CopyToTempFileAsync(Stream content, string key, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"stratum-{Guid.NewGuid():N}.parquet");
        var temp = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var input = GzipInputStream.Open(content, key);
            try
            {
                await input.CopyToAsync(temp, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (!ReferenceEquals(input, content))
                {
                    await input.DisposeAsync().ConfigureAwait(false);
                }
            }
            temp.Position = 0;
            return temp;
        }
        catch
        {
            await temp.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
