using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Stratum.Contracts;

namespace Stratum.Formats.Values;

/// <summary>
/// Turns the text of one value into the CLR value of its contract type. The one place where the
/// text rules live; the CSV reader uses it for every field and the NDJSON reader for JSON strings
/// and the raw text of JSON numbers. Invariant culture throughout, no trimming.
/// <list type="bullet">
/// <item>int64: an integer; a number with a fraction or exponent only when its value is whole (<c>1.0</c>, <c>1e3</c>; <c>1.5</c> is rejected).</item>
/// <item>float64: a number, or <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>; out of range is rejected.</item>
/// <item>decimal(p,s): a number with at most s digits after the point and p-s before it (exponent allowed).</item>
/// <item>bool: <c>true</c>/<c>false</c> in any case, <c>1</c>/<c>0</c>.</item>
/// <item>date: <c>yyyy-MM-dd</c>.</item>
/// <item>timestamp: ISO 8601 (see <see cref="Iso8601"/>), converted to UTC, truncated to the resolution.</item>
/// </list>
/// </summary>
public static class ValueParser
{
    /// <param name="text">the value's text (never null: the caller handles nulls)</param>
    /// <param name="type">the contract column's type</param>
    /// <param name="resolution">timestamps are truncated to it</param>
    /// <param name="value">the value, of the CLR type for <paramref name="type"/></param>
    /// <param name="problem">what was found and what was expected (or allowed), for a person</param>
    public static bool TryParse(ReadOnlySpan<char> text, ColumnType type, TimeSpan resolution,
        [NotNullWhen(true)] out object? value, [NotNullWhen(false)] out string? problem)
    {
        value = null;
        string? detail = null;
        switch (type.Kind)
        {
            case ColumnKind.String:
                value = text.ToString();
                break;
            case ColumnKind.Int64 when TryParseInt64(text, out var l):
                value = l;
                break;
            case ColumnKind.Float64 when TryParseFloat64(text, out var d):
                value = d;
                break;
            case ColumnKind.Decimal when DecimalText.TryParse(text, type.Precision, type.Scale, out var m, out detail):
                value = m;
                break;
            case ColumnKind.Bool when TryParseBool(text, out var b):
                value = b;
                break;
            case ColumnKind.Date when Iso8601.TryParseDate(text, out var date):
                value = date;
                break;
            case ColumnKind.Timestamp when Iso8601.TryParseTimestamp(text, out var t, out detail):
                value = Truncate(t, resolution);
                break;
        }
        if (value is not null)
        {
            problem = null;
            return true;
        }
        problem = detail is null
            ? $"found {Found.Quote(text)}; expected {Expected(type)}"
            : $"found {Found.Quote(text)}, which {detail}";
        return false;
    }

    public static bool TryParseInt64(ReadOnlySpan<char> text, out long value)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        // 1.0 or 1e3: whole numbers written as decimals (many JSON writers do this).
        if (text.ContainsAny('.', 'e', 'E') && DecimalText.TryParse(text, 28, 9, out var m, out _)
            && decimal.Truncate(m) == m && m is >= long.MinValue and <= long.MaxValue)
        {
            value = (long)m;
            return true;
        }
        value = 0;
        return false;
    }

    public static bool TryParseFloat64(ReadOnlySpan<char> text, out double value)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }
        // double.TryParse turns 1e400 into infinity; only the words mean infinity.
        return !double.IsInfinity(value) || text.EndsWith("Infinity", StringComparison.Ordinal);
    }

    public static bool TryParseBool(ReadOnlySpan<char> text, out bool value)
    {
        value = text is "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || text is "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly value) => Iso8601.TryParseDate(text, out value);

    /// <summary>ISO 8601 to UTC (no zone means UTC; a date alone is midnight), not yet truncated.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTime utc) => Iso8601.TryParseTimestamp(text, out utc, out _);

    /// <summary>Truncates to a whole number of <paramref name="resolution"/> (1 µs: 12:00:00.1234567 → 12:00:00.1234560), as UTC.</summary>
    public static DateTime Truncate(DateTime value, TimeSpan resolution)
    {
        var ticks = value.Ticks;
        return new DateTime(resolution.Ticks > 1 ? ticks - (ticks % resolution.Ticks) : ticks, DateTimeKind.Utc);
    }

    /// <summary>What a value of the type looks like, for rejection messages.</summary>
    public static string Expected(ColumnType type) => type.Kind switch
    {
        ColumnKind.String => "a string",
        ColumnKind.Int64 => "an int64 (a whole number)",
        ColumnKind.Float64 => "a float64 (a number)",
        ColumnKind.Decimal => $"a {type} (at most {type.Precision - type.Scale} digits before the point and {type.Scale} after)",
        ColumnKind.Bool => "a bool (true, false, 1 or 0)",
        ColumnKind.Date => "a date (yyyy-MM-dd)",
        ColumnKind.Timestamp => "a timestamp (ISO 8601, e.g. 2024-05-01T12:30:00Z)",
        _ => type.ToString(),
    };
}
