using Stratum.Simulation.Legacy;
using Stratum.ClickHouse.RowBinary;
using Stratum.ClickHouse.Warehouse;
using static Stratum.Sql.SqlText;

namespace Stratum.Simulation.Legacy;

/// <summary>Creates and fills legacy-shaped tables in ClickHouse with their own partition key
/// (<c>PARTITION BY (tenant, toYYYYMM(month column))</c>), as the incident's pipeline had them.</summary>
public sealed class ClickHouseLegacyTables(ClickHouseWarehouse warehouse) : ILegacyTableWriter
{
    public async Task CreateAsync(LegacyTableSpec spec, bool replace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var name = warehouse.Qualified(spec.Table);
        await warehouse.Client.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {Quote(warehouse.Database)}", cancellationToken);
        if (replace)
        {
            await warehouse.Client.ExecuteAsync($"DROP TABLE IF EXISTS {name}", cancellationToken);
        }
        var columns = spec.Columns.Select(c => $"{Quote(c.Name)} {Type(c.Type)}{Default(c.Default)}");
        await warehouse.Client.ExecuteAsync($"CREATE TABLE {name} ({string.Join(", ", columns)}) ENGINE = MergeTree "
            + $"PARTITION BY ({Quote(spec.Tenant)}, toYYYYMM({Quote(spec.MonthOf)})) ORDER BY ({string.Join(", ", spec.OrderBy.Select(Quote))})", cancellationToken);
    }

    public async Task InsertAsync(LegacyTableSpec spec, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var names = string.Join(", ", spec.Columns.Select(c => Quote(c.Name)));
        await warehouse.Client.InsertAsync($"INSERT INTO {warehouse.Qualified(spec.Table)} ({names})", rows, (w, values) =>
        {
            for (var i = 0; i < spec.Columns.Count; i++)
            {
                Write(w, spec.Columns[i].Type, values[i]);
            }
        }, null, cancellationToken);
    }

    private static void Write(RowBinaryWriter w, LegacyType type, object? value)
    {
        if (type is LegacyType.NullableString or LegacyType.NullableDateTime or LegacyType.NullableFloat64)
        {
            w.WriteNullFlag(value is null);
            if (value is null)
            {
                return;
            }
        }
        switch (value)
        {
            case string s: w.WriteString(s); break;
            case DateTime t: w.WriteDateTime(t); break;
            case double d: w.WriteFloat64(d); break;
            case bool b: w.WriteBool(b); break;
            case uint u: w.WriteUInt32(u); break;
            default: throw new ArgumentException($"a {type} column cannot hold {value ?? "NULL"}", nameof(value));
        }
    }

    private static string Type(LegacyType t) => t switch
    {
        LegacyType.String => "String",
        LegacyType.NullableString => "Nullable(String)",
        LegacyType.DateTime => "DateTime",
        LegacyType.NullableDateTime => "Nullable(DateTime)",
        LegacyType.NullableFloat64 => "Nullable(Float64)",
        LegacyType.Flag => "UInt8",
        LegacyType.UInt32 => "UInt32",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    private static string Default(LegacyDefault d) => d switch
    {
        LegacyDefault.Now => " DEFAULT now()",
        LegacyDefault.True or LegacyDefault.One => " DEFAULT 1",
        _ => "",
    };
}
