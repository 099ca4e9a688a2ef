using System.Globalization;
using Stratum.Contracts;

namespace Stratum.DuckDb;

/// <summary>Contract types as DuckDB column types, and the names DuckDB reports back for them.</summary>
internal static class DuckDbTypes
{
    public static string Sql(ColumnType type) => type.Kind switch
    {
        ColumnKind.String => "VARCHAR",
        ColumnKind.Int64 => "BIGINT",
        ColumnKind.Float64 => "DOUBLE",
        ColumnKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({type.Precision},{type.Scale})"),
        ColumnKind.Bool => "BOOLEAN",
        ColumnKind.Date => "DATE",
        ColumnKind.Timestamp => "TIMESTAMP",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
