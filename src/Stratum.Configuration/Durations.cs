using System.Globalization;

namespace Stratum.Configuration;

/// <summary>Durations as people write them: <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>2d</c>, or <c>hh:mm:ss</c>.</summary>
public static class Durations
{
    public static TimeSpan Parse(string text, string what)
    {
        var t = text.Trim();
        if (t.Length >= 2 && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
        {
            switch (t[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
            }
        }
        if (TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var ts) && ts >= TimeSpan.Zero)
        {
            return ts;
        }
        throw new ConfigException($"{what}: '{text}' is not a duration (e.g. 90s, 5m, 1h, 2d)");
    }

    public static string Format(TimeSpan t) => t.TotalDays >= 1 ? $"{t.TotalDays:0.#}d"
        : t.TotalHours >= 1 ? $"{t.TotalHours:0.#}h"
        : t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0.#}m"
        : $"{t.TotalSeconds:0.#}s";
}
