using System.Globalization;
using System.Runtime.CompilerServices;
using nietras.SeparatedValues;
using Stratum.Contracts;
using Stratum.Formats.Mapping;
using Stratum.Formats.Values;
using Stratum.Reading;

namespace Stratum.Formats.Csv;

/// <summary>
/// Comma-separated files with a header row (<c>.csv</c>, <c>.csv.gz</c>), parsed by Sep, values by
/// <see cref="ValueParser"/>. An empty unquoted field is null; <c>""</c> is the empty string.
/// Every row must have as many fields as the header. The bytes must be UTF-8 (a byte-order mark is
/// allowed): invalid UTF-8 rejects the file, naming the row and byte offset, never replaced.
/// </summary>
public sealed class CsvFileReader : IFileReader
{
    private static readonly SepReaderOptions Options = Sep.New(',').Reader(o => o with
    {
        HasHeader = true,
        Unescape = false, // keep the quotes: "" (empty string) differs from an empty field (null)
        DisableColCountCheck = true, // checked here, to name the row
        CultureInfo = CultureInfo.InvariantCulture,
    });

    public bool CanRead(string key) => FileKey.HasExtension(key, ".csv");

    public async IAsyncEnumerable<object?[]> ReadAsync(Stream content, string key, TableContract contract, ReadOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var input = GzipInputStream.Open(content, key);
        try
        {
            // Checked before Sep decodes it: invalid UTF-8 rejects the file instead of becoming U+FFFD.
            using var reader = await OpenAsync(new Utf8CheckedStream(input, key), key, cancellationToken).ConfigureAwait(false);
            var bindings = ColumnMap.Bind(key, HeaderNames(reader, key), contract);
            long row = 0;
            while (await MoveNextAsync(reader, key, row + 1, cancellationToken).ConfigureAwait(false))
            {
                row++;
                yield return ToRow(reader.Current, bindings, contract.Columns.Length, key, row, options.TimestampResolution);
            }
        }
        finally
        {
            if (!ReferenceEquals(input, content))
            {
                await input.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<SepReader> OpenAsync(Stream input, string key, CancellationToken cancellationToken)
    {
        SepReader reader;
        try
        {
            reader = await Options.FromAsync(input, true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            // Sep rejects a header that names a column twice with an ArgumentException.
            throw new FileRejectedException(key, 0, null, $"has an unreadable header: {e.Message}", e);
        }
        if (reader.IsEmpty || !reader.HasHeader)
        {
            reader.Dispose();
            throw new FileRejectedException(key, 0, null, "is empty; a CSV file needs a header row");
        }
        return reader;
    }

    private static List<string> HeaderNames(SepReader reader, string key)
    {
        var names = new List<string>(reader.Header.ColNames.Count);
        foreach (var raw in reader.Header.ColNames)
        {
            if (!CsvField.IsQuoted(raw))
            {
                names.Add(raw);
            }
            else if (CsvField.TryUnquote(raw, out var name))
            {
                names.Add(name);
            }
            else
            {
                throw new FileRejectedException(key, 0, null, $"has a malformed quoted column name {Found.Quote(raw)} in its header");
            }
        }
        return names;
    }

    private static async ValueTask<bool> MoveNextAsync(SepReader reader, string key, long row, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new FileRejectedException(key, row, null, $"is not valid CSV: {e.Message}", e);
        }
    }

    private static object?[] ToRow(SepReader.Row fields, ColumnBinding?[] bindings, int width, string key, long row, TimeSpan resolution)
    {
        if (fields.ColCount != bindings.Length)
        {
            throw new FileRejectedException(key, row, null,
                $"has {fields.ColCount} field{(fields.ColCount == 1 ? "" : "s")} but the header has {bindings.Length}{(fields.ColCount == 1 && fields.Span.IsEmpty ? " (a blank line?)" : "")}");
        }
        var values = new object?[width];
        for (var i = 0; i < bindings.Length; i++)
        {
            if (bindings[i] is not { } b)
            {
                continue;
            }
            var raw = fields[i].Span;
            if (raw.IsEmpty)
            {
                values[b.Ordinal] = b.Spec.Nullable ? null : throw new FileRejectedException(key, row, b.InputName, b.NullProblem("is empty (null)"));
                continue;
            }
            ReadOnlySpan<char> text = raw;
            string? unquoted = null;
            if (CsvField.IsQuoted(raw))
            {
                if (!CsvField.TryUnquote(raw, out unquoted))
                {
                    throw new FileRejectedException(key, row, b.InputName, $"has a malformed quoted field {Found.Quote(raw)}");
                }
                text = unquoted;
            }
            if (b.Type.Kind == ColumnKind.String)
            {
                values[b.Ordinal] = unquoted ?? raw.ToString();
            }
            else if (ValueParser.TryParse(text, b.Type, resolution, out var value, out var problem))
            {
                values[b.Ordinal] = value;
            }
            else
            {
                throw new FileRejectedException(key, row, b.InputName, b.ValueProblem(problem));
            }
        }
        return values;
    }
}
