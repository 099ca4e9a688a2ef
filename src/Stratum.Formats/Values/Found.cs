using System.Text;

namespace Stratum.Formats.Values;

/// <summary>Quotes a bad value for a rejection message: truncated, control characters made visible.</summary>
internal static class Found
{
    public const int MaxChars = 40;

    public static string Quote(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return "'' (empty)";
        }
        var sb = new StringBuilder(Math.Min(text.Length, MaxChars) + 8).Append('\'');
        foreach (var c in text[..Math.Min(text.Length, MaxChars)])
        {
            _ = c switch
            {
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                _ when char.IsControl(c) => sb.Append('?'),
                _ => sb.Append(c),
            };
        }
        sb.Append('\'');
        if (text.Length > MaxChars)
        {
            sb.Append("… (").Append(text.Length).Append(" characters)");
        }
        return sb.ToString();
    }
}
