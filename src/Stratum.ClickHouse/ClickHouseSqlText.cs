using System.Text;

namespace Stratum.ClickHouse;

/// <summary>
/// ClickHouse's string literal, the one place a text value becomes ClickHouse SQL (identifiers are
/// quoted by <see cref="Stratum.Sql.SqlText.Quote"/>); tested against every character.
/// </summary>
public static class ClickHouseSqlText
{
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
