using System.Globalization;
using System.Text;

namespace Stratum.Planning;

/// <summary>
/// The one text form of a composite business key, used wherever such a key becomes one string (the
/// planner's <see cref="RowKey"/>, the audit's SQL, cleanup): each part, in key order, as its
/// length in UTF-8 bytes, a colon and the part itself; a NULL part (only a damaged table has one)
/// as <c>-</c>. <c>("a|b", "c")</c> is <c>3:a|b1:c</c> and <c>("a", "b|c")</c> is <c>1:a3:b|c</c>:
/// no character inside a part can be mistaken for the boundary, so distinct keys never share a
/// text, and NULL (<c>-</c>) differs from the empty string (<c>0:</c>). A key of one column is its
/// value's text as is.
/// </summary>
public static class CompositeKey
{
    public const char NullPart = '-';

    public static StringBuilder AppendPart(StringBuilder sb, string? part) => part is null
        ? sb.Append(NullPart)
        : sb.Append(Encoding.UTF8.GetByteCount(part).ToString(CultureInfo.InvariantCulture)).Append(':').Append(part);

    public static string Encode(IEnumerable<string?> parts)
    {
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            AppendPart(sb, part);
        }
        return sb.ToString();
    }

    /// <summary>The parts of an encoded key, or null when <paramref name="text"/> is not one.</summary>
    public static IReadOnlyList<string?>? Decode(string text)
    {
        var parts = new List<string?>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == NullPart)
            {
                parts.Add(null);
                i++;
                continue;
            }
            var colon = text.IndexOf(':', i);
            if (colon <= i || colon - i > 10 || !int.TryParse(text.AsSpan(i, colon - i), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
            {
                return null;
            }
            var start = colon + 1;
            var end = start;
            while (bytes > 0 && end < text.Length)
            {
                var c = text[end];
                if (char.IsHighSurrogate(c) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]))
                {
                    bytes -= 4;
                    end += 2;
                }
                else
                {
                    bytes -= c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
                    end++;
                }
            }
            if (bytes != 0)
            {
                return null;
            }
            parts.Add(text[start..end]);
            i = end;
        }
        return parts;
    }

    /// <summary>
    /// For people: the parts joined with <c>|</c>, e.g. <c>a|c</c>; when a part is NULL or holds
    /// <c>|</c> or <c>"</c>, every part is quoted (<c>"a|b"|"c"</c>, NULL bare) so the display stays
    /// unambiguous too. Text that is not an encoded key is shown as is.
    /// </summary>
    public static string Display(string text)
    {
        if (Decode(text) is not { Count: > 1 } parts)
        {
            return text;
        }
        return parts.Any(p => p is null || p.Contains('|', StringComparison.Ordinal) || p.Contains('"', StringComparison.Ordinal))
            ? string.Join('|', parts.Select(p => p is null ? "NULL" : "\"" + p.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))
            : string.Join('|', parts);
    }
}
