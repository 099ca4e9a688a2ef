using System.Runtime.CompilerServices;
using Stratum.Contracts;
using Stratum.Reading;

namespace Stratum.Core.Tests.Loading;

/// <summary>
/// A reader of one extension for loader tests that never yields a row: each read drains the
/// content, runs <paramref name="onRead"/> (e.g. moves the clock, takes the lease over) and refuses
/// the file as breaking its contract at row 1, so the loader quarantines it without publishing.
/// </summary>
internal sealed class TestFileReader(string extension, Action<string>? onRead = null) : IFileReader
{
    public const string Problem = "not a number";

    public bool CanRead(string key) => key.EndsWith(extension, StringComparison.Ordinal);

    public async IAsyncEnumerable<object?[]> ReadAsync(Stream content, string key, TableContract contract, ReadOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await content.CopyToAsync(Stream.Null, cancellationToken);
        onRead?.Invoke(key);
        throw new FileRejectedException(key, 1, "qty", Problem);
#pragma warning disable CS0162 // an iterator needs a yield; this one refuses every file first
        yield break;
#pragma warning restore CS0162
    }
}
