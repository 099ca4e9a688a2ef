using System.Text;
using Stratum.Contracts;
using Stratum.Formats.Values;

namespace Stratum.Formats.Writing;

/// <summary>
/// Writes contract rows as CSV that <see cref="Csv.CsvFileReader"/> reads back: a header of the
/// contract's column names, null as an empty field, strings quoted when they are empty or hold a
/// comma, quote or line break, other values as <see cref="ValueFormatter"/> writes them. UTF-8, \n.
/// For tests, <c>simulate</c> and benchmarks.
/// </summary>
public static class CsvFileWriter
{
    private const int ChunkChars = 1 << 16;

    public static async Task WriteAsync(Stream stream, TableContract contract, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var writer = new StreamWriter(stream, new UTF8Encoding(false), ChunkChars, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            var sb = new StringBuilder(ChunkChars + 1024);
            sb.AppendJoin(',', contract.Columns.Select(c => c.Name.Value)).Append('\n');
            foreach (var row in rows)
            {
                for (var i = 0; i < contract.Columns.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }
                    if (row[i] is { } value)
                    {
                        AppendField(sb, ValueFormatter.Format(value, contract.Columns[i].Type, contract.Columns[i].Name.Value));
                    }
                }
                sb.Append('\n');
                if (sb.Length >= ChunkChars)
                {
                    await writer.WriteAsync(sb, cancellationToken).ConfigureAwait(false);
                    sb.Clear();
                }
            }
            await writer.WriteAsync(sb, cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void AppendField(StringBuilder sb, string text)
    {
        if (text.Length > 0 && text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            sb.Append(text);
            return;
        }
        sb.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
