using System.Text;

namespace Stratum.Formats.Csv;

/// <summary>
/// A raw CSV field as Sep hands it over (quotes kept, so that <c>""</c> can be told from an
/// empty field): an empty unquoted field is null, a quoted one is its text with <c>""</c> → <c>"</c>.
/// </summary>
internal static class CsvField
{
    /// <summary>False when a quoted field is malformed (no closing quote, a lone quote inside, text after the closing quote).</summary>
    public static bool TryUnquote(ReadOnlySpan<char> raw, out string text)
    {
        text = "";
        if (raw.Length < 2 || raw[^1] != '"')
        {
            return false;
        }
        var inner = raw[1..^1];
        if (!inner.Contains('"'))
        {
            text = inner.ToString();
            return true;
        }
        var sb = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '"')
            {
                if (i + 1 >= inner.Length || inner[i + 1] != '"')
                {
                    return false;
                }
                i++;
            }
            sb.Append(inner[i]);
        }
        text = sb.ToString();
        return true;
    }

    public static bool IsQuoted(ReadOnlySpan<char> raw) => raw.Length > 0 && raw[0] == '"';
}
