using Stratum.Names;

namespace Stratum.Sql;

/// <summary>
/// The only places where text becomes SQL. Identifiers come from validated <see cref="Identifier"/>s
/// (and are quoted anyway, so a reserved word is still a name); standard SQL string values are escaped here
/// (ClickHouse's own escaping lives in its adapter, <c>Stratum.ClickHouse.ClickHouseSqlText</c>). Everything else is sent as data.
/// </summary>
public static class SqlText
{
    /// <summary><c>"name"</c>: valid in DuckDB and ClickHouse alike.</summary>
    public static string Quote(Identifier name) => "\"" + name.Value + "\"";

    /// <summary>A standard SQL string literal (DuckDB, SQLite): quotes doubled, nothing else special.
    /// NUL cannot be represented and is rejected.</summary>
    public static string StandardString(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("a NUL character cannot appear in a SQL string literal", nameof(value));
        }
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }
}
