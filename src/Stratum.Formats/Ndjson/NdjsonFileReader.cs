using System.Runtime.CompilerServices;
using Stratum.Contracts;
using Stratum.Formats.Values;
using Stratum.Reading;

namespace Stratum.Formats.Ndjson;

/// <summary>
/// Newline-delimited JSON (<c>.ndjson</c>, <c>.jsonl</c>, <c>.json</c>, each optionally <c>.gz</c>):
/// one JSON object per line, blank lines skipped. JSON strings and the raw text of JSON numbers
/// go through <see cref="ValueParser"/>; JSON true/false fill bools. Streams line by line. A line
/// that is not valid UTF-8 rejects the file, naming the row, line and byte offset.
/// </summary>
public sealed class NdjsonFileReader : IFileReader
{
    public bool CanRead(string key) => FileKey.HasExtension(key, ".ndjson", ".jsonl", ".json");

    public async IAsyncEnumerable<object?[]> ReadAsync(Stream content, string key, TableContract contract, ReadOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var input = GzipInputStream.Open(content, key);
        try
        {
            using var lines = new Utf8LineReader(input, key);
            var parser = new NdjsonRowParser(key, contract, options.TimestampResolution);
            while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.Span.Trim(" \t"u8).IsEmpty)
                {
                    continue;
                }
                yield return parser.Parse(line.Span, lines.LineNumber, lines.LineOffset);
            }
            parser.Finish();
        }
        finally
        {
            if (!ReferenceEquals(input, content))
            {
                await input.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
