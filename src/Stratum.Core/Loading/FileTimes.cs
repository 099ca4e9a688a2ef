using System.Globalization;
using System.Text.RegularExpressions;

namespace Stratum.Loading;

/// <summary>
/// Reads a timestamp written in an object key, for contracts whose event time is <c>file:key</c>:
/// the last run of <c>yyyy-MM-dd</c> + time (separators optional: <c>2025-06-21T10-00-00Z</c>,
/// <c>20250621T100000</c>, <c>2025-06-21 10:00:00.123</c>) in the file's name. A zone right after
/// the time is honoured: <c>Z</c>, or an offset <c>±HH</c>, <c>±HH:MM</c>, <c>±HHMM</c>
/// (<c>2025-06-21T10:00:00+02:00</c> and <c>2025-06-21T10-00-00+0200</c> are 08:00 UTC); without
/// one the time is UTC. A stamp whose offset is out of range (beyond ±14:00, minutes ≥ 60) is not
/// a timestamp. The result is UTC.
/// </summary>
public static partial class FileTimes
{
    [GeneratedRegex(@"(\d{4})-?(\d{2})-?(\d{2})[T_ ]?(\d{2})[:\-]?(\d{2})[:\-]?(\d{2})(?:[.,](\d{1,6}))?(?:(Z)|([+\-])(\d{2})(?::?(\d{2}))?(?!\d))?",
        RegexOptions.CultureInvariant)]
    private static partial Regex Stamp();

    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    public static DateTime? FromKey(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var matches = Stamp().Matches(name);
        for (var i = matches.Count - 1; i >= 0; i--)
        {
            var g = matches[i].Groups;
            var text = $"{g[1].Value}-{g[2].Value}-{g[3].Value}T{g[4].Value}:{g[5].Value}:{g[6].Value}";
            if (DateTime.TryParseExact(text, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
                && Offset(g) is { } offset)
            {
                if (g[7].Success)
                {
                    t = t.AddTicks(long.Parse(g[7].Value.PadRight(7, '0'), CultureInfo.InvariantCulture));
                }
                // Local time = UTC + offset, so UTC = local - offset.
                var ticks = t.Ticks - offset.Ticks;
                if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
                {
                    continue;
                }
                return new DateTime(ticks, DateTimeKind.Utc);
            }
        }
        return null;
    }

    /// <summary>The stamp's offset from UTC (zero for <c>Z</c> or none), or null when out of range.</summary>
    private static TimeSpan? Offset(GroupCollection g)
    {
        if (!g[9].Success)
        {
            return TimeSpan.Zero;
        }
        var hours = int.Parse(g[10].Value, CultureInfo.InvariantCulture);
        var minutes = g[11].Success ? int.Parse(g[11].Value, CultureInfo.InvariantCulture) : 0;
        var offset = new TimeSpan(hours, minutes, 0);
        if (minutes >= 60 || offset > MaxOffset)
        {
            return null;
        }
        return g[9].Value == "-" ? -offset : offset;
    }
}
