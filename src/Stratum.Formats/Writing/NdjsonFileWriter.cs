using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Stratum.Contracts;
using Stratum.Formats.Values;

namespace Stratum.Formats.Writing;

/// <summary>
/// Writes contract rows as NDJSON that <see cref="Ndjson.NdjsonFileReader"/> reads back: one object
/// per line with every column (null as JSON null); numbers as JSON numbers (a non-finite double as
/// the string <c>NaN</c>/<c>Infinity</c>), dates and timestamps as strings. For tests, <c>simulate</c>
/// and benchmarks.
/// </summary>
public static class NdjsonFileWriter
{
    private const int ChunkBytes = 1 << 16;

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    public static async Task WriteAsync(Stream stream, TableContract contract, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(ChunkBytes + 4096);
        var names = contract.Columns.Select(c => JsonEncodedText.Encode(c.Name.Value)).ToArray();
        using var json = new Utf8JsonWriter(buffer, Options);
        foreach (var row in rows)
        {
            WriteRow(json, contract, names, row);
            json.Flush();
            buffer.Write("\n"u8);
            json.Reset(buffer);
            if (buffer.WrittenCount >= ChunkBytes)
            {
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
            }
        }
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteRow(Utf8JsonWriter json, TableContract contract, JsonEncodedText[] names, object?[] row)
    {
        json.WriteStartObject();
        for (var i = 0; i < names.Length; i++)
        {
            json.WritePropertyName(names[i]);
            var column = contract.Columns[i];
            switch (row[i])
            {
                case null:
                    json.WriteNullValue();
                    break;
                case long l when column.Type.Kind == ColumnKind.Int64:
                    json.WriteNumberValue(l);
                    break;
                case double d when column.Type.Kind == ColumnKind.Float64 && double.IsFinite(d):
                    json.WriteNumberValue(d);
                    break;
                case decimal m when column.Type.Kind == ColumnKind.Decimal:
                    json.WriteNumberValue(m);
                    break;
                case bool b when column.Type.Kind == ColumnKind.Bool:
                    json.WriteBooleanValue(b);
                    break;
                case { } value:
                    json.WriteStringValue(ValueFormatter.Format(value, column.Type, column.Name.Value));
                    break;
            }
        }
        json.WriteEndObject();
    }
}
