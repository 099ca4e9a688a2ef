using Stratum.Planning;
using Stratum.Reading;

namespace Stratum.Core.Tests.Planning;

/// <summary>Issue 11: hidden events hold every time from 0001 to 9999, before 1970 included.</summary>
public class HiddenEventsTests
{
    public static TheoryData<DateTime> Times => new()
    {
        DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
        new DateTime(1965, 3, 1, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234560),
        new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990),
        DateTime.UnixEpoch,
        new DateTime(2025, 6, 21, 10, 0, 0, DateTimeKind.Utc),
        new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990),
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void Repeats_and_deletes_round_trip(DateTime t)
    {
        HiddenEvents.Entry[] entries = [new(false, t), new(true, t)];
        var text = HiddenEvents.Format(entries);
        Assert.Equal(entries, HiddenEvents.Parse(text));
    }

    [Fact]
    public void A_time_before_1970_is_a_negative_count()
        => Assert.Equal("+-157766400000000;--157766400000000",
            HiddenEvents.Format([new(true, new DateTime(1965, 1, 1, 0, 0, 0, DateTimeKind.Utc)), new(false, new DateTime(1965, 1, 1, 0, 0, 0, DateTimeKind.Utc))]));

    [Theory]
    [InlineData("+")]
    [InlineData("+x")]
    [InlineData("*1")]
    [InlineData("+999999999999999999")]
    public void Garbage_is_a_format_error(string text)
        => Assert.Throws<FormatException>(() => HiddenEvents.Parse(text).ToList());

    [Fact]
    public void Ranges_contain_their_ends_only()
    {
        var r = new TimestampRange(DateTime.UnixEpoch, DateTime.UnixEpoch.AddSeconds(uint.MaxValue));
        Assert.True(r.Contains(DateTime.UnixEpoch));
        Assert.True(r.Contains(new DateTime(2106, 2, 7, 6, 28, 15, DateTimeKind.Utc)));
        Assert.False(r.Contains(DateTime.UnixEpoch.AddTicks(-10)));
        Assert.False(r.Contains(new DateTime(2106, 2, 7, 6, 28, 16, DateTimeKind.Utc)));
        Assert.Equal("1970-01-01T00:00:00Z to 2106-02-07T06:28:15Z", r.ToString());
        Assert.Equal("0001-01-01 to 9999-12-31", DateRange.All.ToString());
    }
}
