using DuckDB.NET.Data;
using Stratum.DuckDb;
using Stratum.Simulation.Legacy;
using static Stratum.Sql.SqlText;

namespace Stratum.Simulation.Legacy;

/// <summary>Creates and fills legacy-shaped tables in DuckDB (no partitions: the spec's partition key is ignored).</summary>
public sealed class DuckDbLegacyTables(DuckDbWarehouse warehouse) : ILegacyTableWriter
{
    public Task CreateAsync(LegacyTableSpec spec, bool replace, CancellationToken cancellationToken)
        => warehouse.WithConnectionAsync(async c =>
        {
            ArgumentNullException.ThrowIfNull(spec);
            var columns = spec.Columns.Select(col => $"{Quote(col.Name)} {Type(col.Type)}{Default(col.Default)}");
            await ExecAsync(c, (replace ? $"CREATE OR REPLACE TABLE " : "CREATE TABLE ") + $"{Quote(spec.Table)} ({string.Join(", ", columns)})", cancellationToken);
            return true;
        }, cancellationToken);

    public Task InsertAsync(LegacyTableSpec spec, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
        => warehouse.WithConnectionAsync(c =>
        {
            ArgumentNullException.ThrowIfNull(spec);
            ArgumentNullException.ThrowIfNull(rows);
            using var appender = c.CreateAppender(spec.Table.Value);
            foreach (var values in rows)
            {
                var row = appender.CreateRow();
                for (var i = 0; i < spec.Columns.Count; i++)
                {
                    row = values[i] switch
                    {
                        null => row.AppendNullValue(),
                        string s => row.AppendValue(s),
                        DateTime t => row.AppendValue(t),
                        double d => row.AppendValue(d),
                        bool b => row.AppendValue(b),
                        uint u => row.AppendValue(u),
                        var other => throw new ArgumentException($"column {spec.Columns[i].Name}: cannot append a {other.GetType().Name}", nameof(rows)),
                    };
                }
                row.EndRow();
            }
            return Task.FromResult(true);
        }, cancellationToken);

    private static string Type(LegacyType t) => t switch
    {
        LegacyType.String => "VARCHAR NOT NULL",
        LegacyType.NullableString => "VARCHAR",
        LegacyType.DateTime => "TIMESTAMP NOT NULL",
        LegacyType.NullableDateTime => "TIMESTAMP",
        LegacyType.NullableFloat64 => "DOUBLE",
        LegacyType.Flag => "BOOLEAN NOT NULL",
        LegacyType.UInt32 => "UINTEGER NOT NULL",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    private static string Default(LegacyDefault d) => d switch
    {
        LegacyDefault.Now => " DEFAULT current_timestamp",
        LegacyDefault.True => " DEFAULT true",
        LegacyDefault.One => " DEFAULT 1",
        _ => "",
    };

    private static async Task ExecAsync(DuckDBConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
