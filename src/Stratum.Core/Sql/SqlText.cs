using System.Text;
using Stratum.Names;

namespace Stratum.Sql;

/// <summary>
/// The only places where text becomes SQL. Identifiers come from validated <see cref="Identifier"/>s
/// (and are quoted anyway, so a reserved word is still a name); string values are escaped here, per
/// dialect, and tested against every character class. Everything else is sent as data.
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

    /// <summary>A ClickHouse string literal: backslash and quote escaped with a backslash, control
    /// characters as escapes, so the literal is one line of plain ASCII punctuation around the text.</summary>
    public static string ClickHouseString(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\'': sb.Append("\\'"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\0': sb.Append("\\0"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ' || c == '\u007f')
                    {
                        sb.Append("\\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('\'');
        return sb.ToString();
    }
}
