using Stratum.ClickHouse.RowBinary;
using Stratum.Names;

namespace Stratum.ClickHouse.Client;

/// <summary>
/// A table shipped with a query as data (ClickHouse's "external data": a multipart part the query
/// reads like a temporary table, e.g. <c>WHERE id IN (SELECT id FROM keys)</c>). Rows are in
/// RowBinary; <see cref="Structure"/> is <c>name Type, …</c> using only types whose names have no
/// comma or space (18.16 splits the structure on both): String, Int64, UInt8, Date, DateTime.
/// </summary>
public sealed record ExternalTable(Identifier Name, IReadOnlyList<(Identifier Column, string Type)> Columns, ReadOnlyMemory<byte> RowBinary)
{
    public string Structure => string.Join(", ", Columns.Select(c => $"{c.Column.Value} {c.Type}"));

    public static ExternalTable Build<T>(Identifier name, IReadOnlyList<(Identifier Column, string Type)> columns, IEnumerable<T> rows, Action<RowBinaryWriter, T> writeRow)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(writeRow);
        foreach (var (_, type) in columns)
        {
            if (type.Length == 0 || type.Any(c => c is ',' or ' ' or '\'' or '\\'))
            {
                throw new ArgumentException($"external table type '{type}' cannot be sent: 18.16 splits the structure on commas and spaces", nameof(columns));
            }
        }
        var writer = new RowBinaryWriter(64 * 1024);
        foreach (var row in rows)
        {
            writeRow(writer, row);
        }
        return new ExternalTable(name, columns, writer.ToArray());
    }
}
