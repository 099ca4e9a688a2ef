namespace Stratum.Formats.Values;

/// <summary>
/// The date and timestamp texts Stratum accepts: <c>yyyy-MM-dd</c>, and
/// <c>yyyy-MM-dd[T| ]HH:mm[:ss[.f{1,7}]][Z|±HH[:mm]|±HHmm]</c> (no zone means UTC).
/// Hand-written rather than a list of exact formats so that every combination is accepted and
/// nothing else is: no culture, no guessing of day/month order.
/// </summary>
internal static class Iso8601
{
    public static bool TryParseDate(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-'
            || !Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Parses to UTC ticks. A date alone is midnight UTC.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> s, out DateTime utc, out string? detail)
    {
        utc = default;
        detail = null;
        if (s.Length < 10 || !TryParseDate(s[..10], out var date))
        {
            return false;
        }
        if (s.Length == 10)
        {
            utc = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return true;
        }
        if (s[10] is not ('T' or 't' or ' ') || s.Length < 16 || s[13] != ':'
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || hour > 23 || minute > 59)
        {
            return false;
        }
        var i = 16;
        var second = 0;
        long fraction = 0;
        if (i < s.Length && s[i] == ':')
        {
            if (!Digits(s, i + 1, 2, out second) || second > 59)
            {
                return false;
            }
            i += 3;
            if (i < s.Length && s[i] == '.')
            {
                var start = ++i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }
                var digits = i - start;
                if (digits == 0)
                {
                    return false;
                }
                if (digits > 7)
                {
                    detail = $"has {digits} fraction digits; at most 7 (100 ns) are allowed";
                    return false;
                }
                for (var k = start; k < start + 7; k++)
                {
                    fraction = (fraction * 10) + (k < i ? s[k] - '0' : 0);
                }
            }
        }
        if (!TryParseZone(s[i..], out var offsetMinutes))
        {
            return false;
        }
        var ticks = date.ToDateTime(new TimeOnly(hour, minute, second)).Ticks + fraction - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            detail = "is outside the years 0001 to 9999 once converted to UTC";
            return false;
        }
        utc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    private static bool TryParseZone(ReadOnlySpan<char> z, out int offsetMinutes)
    {
        offsetMinutes = 0;
        if (z.IsEmpty || z is "Z" or "z")
        {
            return true;
        }
        if (z[0] is not ('+' or '-') || !Digits(z, 1, 2, out var hours))
        {
            return false;
        }
        var minutes = 0;
        var ok = z.Length switch
        {
            3 => true,                                    // +02
            5 => Digits(z, 3, 2, out minutes),            // +0200
            6 => z[3] == ':' && Digits(z, 4, 2, out minutes), // +02:00
            _ => false,
        };
        if (!ok || hours > 18 || minutes > 59 || (hours * 60) + minutes > 18 * 60)
        {
            return false;
        }
        offsetMinutes = (z[0] == '-' ? -1 : 1) * ((hours * 60) + minutes);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }
        for (var k = start; k < start + count; k++)
        {
            if (!char.IsAsciiDigit(s[k]))
            {
                return false;
            }
            value = (value * 10) + (s[k] - '0');
        }
        return true;
    }
}
