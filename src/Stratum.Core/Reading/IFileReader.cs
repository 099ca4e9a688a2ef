using Stratum.Contracts;

namespace Stratum.Reading;

/// <summary>
/// Reads one data file format into contract-shaped rows (<c>object?[]</c> aligned with the
/// contract's columns, values already of the contract's CLR types). A file that breaks the contract
/// throws <see cref="FileRejectedException"/> naming the file, row and column; the loader then
/// quarantines the whole file (it never loads part of one).
/// </summary>
public interface IFileReader
{
    /// <summary>True if this reader handles the key's format (by its extension; a trailing <c>.gz</c> is allowed).</summary>
    bool CanRead(string key);

    IAsyncEnumerable<object?[]> ReadAsync(Stream content, string key, TableContract contract, ReadOptions options, CancellationToken cancellationToken);
}
