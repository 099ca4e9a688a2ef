namespace Stratum.Hosting.Serve.Scheduling;

/// <summary>
/// A 5-field cron expression, <c>minute hour day-of-month month day-of-week</c>, in UTC:
/// <c>*/5 * * * *</c>, <c>0 6-18 * * MON-FRI</c>. Day-of-week 0 and 7 are Sunday. As in classic
/// cron, when both day fields are restricted a day matching either runs.
/// </summary>
public sealed class CronSchedule : ISchedule
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly CronField _minute, _hour, _dayOfMonth, _month, _dayOfWeek;

    private CronSchedule(string text, CronField[] f)
    {
        Describe = $"cron '{text}' (UTC)";
        (_minute, _hour, _dayOfMonth, _month, _dayOfWeek) = (f[0], f[1], f[2], f[3], f[4]);
    }

    public string Describe { get; }

    public TimeSpan DefaultJitter => TimeSpan.FromSeconds(30);

    /// <summary>Parses the expression; throws <see cref="FormatException"/> saying which field is wrong.</summary>
    public static CronSchedule Parse(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 5)
        {
            throw new FormatException($"cron '{text}': expected 5 fields (minute hour day-of-month month day-of-week), found {parts.Length}");
        }
        var dow = CronField.Parse(parts[4], "day-of-week", 0, 7, Days);
        return new CronSchedule(text.Trim(),
        [
            CronField.Parse(parts[0], "minute", 0, 59),
            CronField.Parse(parts[1], "hour", 0, 23),
            CronField.Parse(parts[2], "day-of-month", 1, 31),
            CronField.Parse(parts[3], "month", 1, 12, Months),
            dow,
        ]);
    }

    public DateTimeOffset Next(DateTimeOffset after)
    {
        var t = after.ToUniversalTime();
        t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var limit = t.AddYears(5); // e.g. 0 0 30 2 * never matches
        while (t < limit)
        {
            if (!_month.Allows(t.Month))
            {
                t = new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
            }
            else if (!DayMatches(t))
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1);
            }
            else if (!_hour.Allows(t.Hour))
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
            }
            else if (!_minute.Allows(t.Minute))
            {
                t = t.AddMinutes(1);
            }
            else
            {
                return t;
            }
        }
        throw new InvalidOperationException($"{Describe} matches no time in the next five years");
    }

    private bool DayMatches(DateTimeOffset t)
    {
        var dow = (int)t.DayOfWeek;
        var byWeek = _dayOfWeek.Allows(dow) || (dow == 0 && _dayOfWeek.Allows(7));
        var byMonth = _dayOfMonth.Allows(t.Day);
        return _dayOfMonth.IsStar || _dayOfWeek.IsStar ? byWeek && byMonth : byWeek || byMonth;
    }
}
