using System.Globalization;

namespace Stratum.Hosting.Serve.Scheduling;

/// <summary>
/// One field of a cron expression as the set of values it allows: <c>*</c>, <c>5</c>, <c>1-5</c>,
/// <c>*/15</c>, <c>10-50/10</c>, lists of those (<c>0,30</c>), and names where given (JAN, MON).
/// </summary>
internal sealed class CronField
{
    private readonly bool[] _allowed;

    private CronField(bool[] allowed, bool star)
    {
        _allowed = allowed;
        IsStar = star;
    }

    public int Min { get; private init; }

    /// <summary>The field was <c>*</c> (matters for day-of-month versus day-of-week).</summary>
    public bool IsStar { get; }

    public bool Allows(int value) => value - Min >= 0 && value - Min < _allowed.Length && _allowed[value - Min];

    public static CronField Parse(string text, string what, int min, int max, IReadOnlyList<string>? names = null)
    {
        var allowed = new bool[max - min + 1];
        foreach (var part in text.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => (r, n),
                _ => throw Bad(text, what, $"'{part}' has a bad step"),
            };
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.Split('-') is [var a, var b])
            {
                (from, to) = (Value(a, text, what, min, max, names), Value(b, text, what, min, max, names));
            }
            else
            {
                from = Value(range, text, what, min, max, names);
                to = step > 1 ? max : from;
            }
            if (from > to)
            {
                throw Bad(text, what, $"'{range}' runs backwards");
            }
            for (var v = from; v <= to; v += step)
            {
                allowed[v - min] = true;
            }
        }
        return new CronField(allowed, text == "*") { Min = min };
    }

    private static int Value(string s, string text, string what, int min, int max, IReadOnlyList<string>? names)
    {
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n >= min && n <= max ? n : throw Bad(text, what, $"{n} is outside {min}-{max}");
        }
        var i = names is null ? -1 : names.ToList().FindIndex(x => string.Equals(x, s, StringComparison.OrdinalIgnoreCase));
        return i >= 0 ? i + min : throw Bad(text, what, $"'{s}' is not a number");
    }

    private static FormatException Bad(string text, string what, string why) => new($"cron {what} '{text}': {why}");
}
