using Stratum.Hosting.Serve.Scheduling;

namespace Stratum.Hosting.Tests.Serve.Scheduling;

public class CronScheduleTests
{
    private static DateTimeOffset T(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("*/5 * * * *", "2025-06-21T10:02:30Z", "2025-06-21T10:05:00Z")]
    [InlineData("*/5 * * * *", "2025-06-21T10:05:00Z", "2025-06-21T10:10:00Z")]
    [InlineData("0 * * * *", "2025-06-21T10:00:00Z", "2025-06-21T11:00:00Z")]
    [InlineData("30 6 * * *", "2025-06-21T07:00:00Z", "2025-06-22T06:30:00Z")]
    [InlineData("0 9 * * MON-FRI", "2025-06-21T10:00:00Z", "2025-06-23T09:00:00Z")] // Saturday → Monday
    [InlineData("0 0 1 JAN *", "2025-06-21T00:00:00Z", "2026-01-01T00:00:00Z")]
    [InlineData("15,45 8-10 * * *", "2025-06-21T10:45:00Z", "2025-06-22T08:15:00Z")]
    [InlineData("0 0 29 2 *", "2025-03-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 12 13 * 5", "2025-06-01T00:00:00Z", "2025-06-06T12:00:00Z")] // day 13 OR a Friday: Friday 6 June comes first
    [InlineData("0 0 * * 7", "2025-06-21T00:00:00Z", "2025-06-22T00:00:00Z")] // 7 is Sunday too
    [InlineData("10-50/20 * * * *", "2025-06-21T10:31:00Z", "2025-06-21T10:50:00Z")]
    public void Next_is_the_first_matching_minute_after(string cron, string after, string expected)
        => Assert.Equal(T(expected), CronSchedule.Parse(cron).Next(T(after)));

    [Theory]
    [InlineData("* * * *", "expected 5 fields")]
    [InlineData("61 * * * *", "minute '61': 61 is outside 0-59")]
    [InlineData("* 5-2 * * *", "hour '5-2': '5-2' runs backwards")]
    [InlineData("*/0 * * * *", "minute '*/0': '*/0' has a bad step")]
    [InlineData("* * * FOO *", "month 'FOO': 'FOO' is not a number")]
    public void Bad_expressions_say_which_field_is_wrong(string cron, string message)
        => Assert.Contains(message, Assert.Throws<FormatException>(() => CronSchedule.Parse(cron)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("*/7 3-5 * * MON")]
    [InlineData("0 */6 1,15 * *")]
    [InlineData("5 4 * * SUN")]
    [InlineData("59 23 31 DEC *")]
    public void Next_agrees_with_a_minute_by_minute_search(string cron)
    {
        var schedule = CronSchedule.Parse(cron);
        var random = new Random(42);
        for (var i = 0; i < 20; i++)
        {
            var after = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 400 * 24 * 60)).AddSeconds(random.Next(0, 60));
            var next = schedule.Next(after);
            Assert.True(next > after);
            var brute = new DateTimeOffset(after.Year, after.Month, after.Day, after.Hour, after.Minute, 0, TimeSpan.Zero).AddMinutes(1);
            while (!Matches(cron, brute))
            {
                brute = brute.AddMinutes(1);
            }
            Assert.Equal(brute, next);
        }
    }

    [Fact]
    public void Interval_counts_from_the_end_of_the_last_pass_and_jitters_a_tenth_at_most_30s()
    {
        var s = new IntervalSchedule(TimeSpan.FromMinutes(1));
        Assert.Equal(T("2025-06-21T10:01:30Z"), s.Next(T("2025-06-21T10:00:30Z")));
        Assert.Equal(TimeSpan.FromSeconds(6), s.DefaultJitter);
        Assert.Equal(TimeSpan.FromSeconds(30), new IntervalSchedule(TimeSpan.FromHours(1)).DefaultJitter);
    }

    /// <summary>An independent reading of the same four test expressions (not the parser under test).</summary>
    private static bool Matches(string cron, DateTimeOffset t) => cron switch
    {
        "*/7 3-5 * * MON" => t.Minute % 7 == 0 && t.Hour is >= 3 and <= 5 && t.DayOfWeek == DayOfWeek.Monday,
        "0 */6 1,15 * *" => t.Minute == 0 && t.Hour % 6 == 0 && t.Day is 1 or 15,
        "5 4 * * SUN" => t.Minute == 5 && t.Hour == 4 && t.DayOfWeek == DayOfWeek.Sunday,
        "59 23 31 DEC *" => t.Minute == 59 && t.Hour == 23 && t.Day == 31 && t.Month == 12,
        _ => throw new ArgumentOutOfRangeException(nameof(cron)),
    };
}
