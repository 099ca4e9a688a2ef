using System.Globalization;
using System.Text.RegularExpressions;

namespace Stratum.Loading;

/// <summary>
/// Reads a timestamp written in an object key, for contracts whose event time is <c>file:key</c>:
/// the last run of <c>yyyy-MM-dd</c> + time (separators optional: <c>2025-06-21T10-00-00Z</c>,
/// <c>20250621T100000</c>, <c>2025-06-21 10:00:00.123</c>) in the file's name. UTC.
/// </summary>
public static partial class FileTimes
{
    [GeneratedRegex(@"(\d{4})-?(\d{2})-?(\d{2})[T_ ]?(\d{2})[:\-]?(\d{2})[:\-]?(\d{2})(?:[.,](\d{1,6}))?", RegexOptions.CultureInvariant)]
    private static partial Regex Stamp();

    public static DateTime? FromKey(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var matches = Stamp().Matches(name);
        for (var i = matches.Count - 1; i >= 0; i--)
        {
            var g = matches[i].Groups;
            var text = $"{g[1].Value}-{g[2].Value}-{g[3].Value}T{g[4].Value}:{g[5].Value}:{g[6].Value}";
            if (DateTime.TryParseExact(text, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
            {
                if (g[7].Success)
                {
                    t = t.AddTicks(long.Parse(g[7].Value.PadRight(7, '0'), CultureInfo.InvariantCulture));
                }
                return DateTime.SpecifyKind(t, DateTimeKind.Utc);
            }
        }
        return null;
    }
}
