using System.Globalization;
using System.Text;
using Stratum.Hashing;

namespace Stratum.Planning;

/// <summary>
/// Events a history row carries that are not visible as rows, so that the history stays a pure
/// function of the set of loaded files however late a file arrives:
/// <list type="bullet">
/// <item><c>+T</c>: a version with the same hash as this row seen again at time T (collapsed into
/// this row; it matters again if a later-arriving version lands between this row's start and T).</item>
/// <item><c>-T</c>: a delete at time T that closed nothing when applied (the key was already closed,
/// or not yet opened); it matters again if an earlier version arrives later.</item>
/// </list>
/// Stored as text: entries separated by ';', T in microseconds since the Unix epoch, sorted. Empty
/// for almost every row. T is negative before 1970 (<c>+-157766400000000</c> is a repeat at
/// 1965-01-01, <c>--157766400000000</c> a delete then): every time from 0001 to 9999 round-trips.
/// </summary>
public static class HiddenEvents
{
    public readonly record struct Entry(bool IsTombstone, DateTime Time);

    public static IEnumerable<Entry> Parse(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var tomb = part[0] == '-';
            if (!tomb && part[0] != '+')
            {
                throw new FormatException($"hidden event '{part}' must start with + or -");
            }
            // AllowLeadingSign: a time before 1970 is a negative count (it once failed here, and a
            // row carrying one made every later load of its stream fail).
            if (!long.TryParse(part.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)
                || micros < MinMicros || micros > MaxMicros)
            {
                throw new FormatException($"hidden event '{part}' is not a time in microseconds since 1970");
            }
            yield return new Entry(tomb, CanonicalEncoder.FromUnixMicros(micros));
        }
    }

    private static readonly long MinMicros = CanonicalEncoder.UnixMicros(DateTime.MinValue);
    private static readonly long MaxMicros = CanonicalEncoder.UnixMicros(DateTime.MaxValue);

    public static string Format(IEnumerable<Entry> entries)
    {
        var sb = new StringBuilder();
        foreach (var e in entries.OrderBy(e => e.Time).ThenBy(e => e.IsTombstone))
        {
            if (sb.Length > 0)
            {
                sb.Append(';');
            }
            sb.Append(e.IsTombstone ? '-' : '+').Append(CanonicalEncoder.UnixMicros(e.Time).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
