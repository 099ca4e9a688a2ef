using Stratum.Formats.Csv;
using Stratum.Formats.Ndjson;
using Stratum.Formats.Parquet;
using Stratum.Reading;

namespace Stratum.Formats;

/// <summary>The readers Stratum knows, and the one for an object key (by its extension, <c>.gz</c> allowed).</summary>
public static class FileReaders
{
    /// <summary>Parquet (<c>.parquet</c>), NDJSON (<c>.ndjson</c>, <c>.jsonl</c>, <c>.json</c>), CSV (<c>.csv</c>); each also with <c>.gz</c>.</summary>
    public static IReadOnlyList<IFileReader> All { get; } = [new ParquetFileReader(), new NdjsonFileReader(), new CsvFileReader()];

    /// <summary>The reader for the key's format, or null when no reader knows it (the file is then not data).</summary>
    public static IFileReader? For(string key) => All.FirstOrDefault(r => r.CanRead(key));
}
