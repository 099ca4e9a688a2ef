using Stratum.Contracts;
using Stratum.Formats.Values;

namespace Stratum.Formats.Tests.Values;

/// <summary>The text rules every text format shares, one type at a time.</summary>
public class ValueParserTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static object Parse(string text, ColumnType type, TimeSpan? resolution = null)
    {
        Assert.True(ValueParser.TryParse(text, type, resolution ?? Tick, out var value, out var problem), problem);
        return value;
    }

    private static string Problem(string text, ColumnType type)
    {
        Assert.False(ValueParser.TryParse(text, type, Tick, out var value, out var problem), $"'{text}' was accepted as {value}");
        return problem;
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-42", -42L)]
    [InlineData("+7", 7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("3.0", 3L)]
    [InlineData("1e3", 1000L)]
    [InlineData("1.5E1", 15L)]
    public void Int64_accepts_whole_numbers(string text, long expected) => Assert.Equal(expected, Parse(text, ColumnType.Int64));

    [Theory]
    [InlineData("1.5")]
    [InlineData("9223372036854775808")]
    [InlineData("1e19")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1_000")]
    [InlineData("0x10")]
    [InlineData("1,000")]
    public void Int64_rejects_everything_else(string text)
        => Assert.Contains("expected an int64", Problem(text, ColumnType.Int64), StringComparison.Ordinal);

    [Fact]
    public void Problem_quotes_what_was_found_and_says_what_was_expected()
    {
        Assert.Equal("found 'abc'; expected an int64 (a whole number)", Problem("abc", ColumnType.Int64));
        Assert.Equal("found '' (empty); expected a bool (true, false, 1 or 0)", Problem("", ColumnType.Bool));
        Assert.Equal("found 'a\\nb'; expected a date (yyyy-MM-dd)", Problem("a\nb", ColumnType.Date));
    }

    [Fact]
    public void Problem_truncates_long_text()
    {
        var problem = Problem(new string('x', 100), ColumnType.Int64);
        Assert.Contains($"'{new string('x', 40)}'… (100 characters)", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-0.25", -0.25)]
    [InlineData("1e10", 1e10)]
    [InlineData("0.1", 0.1)]
    [InlineData("NaN", double.NaN)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("1.7976931348623157E+308", double.MaxValue)]
    public void Float64_accepts_invariant_numbers(string text, double expected) => Assert.Equal(expected, Parse(text, ColumnType.Float64));

    [Theory]
    [InlineData("1e400")]
    [InlineData("1,5")]
    [InlineData("abc")]
    [InlineData("")]
    public void Float64_rejects_out_of_range_and_non_numbers(string text)
        => Assert.Contains("expected a float64", Problem(text, ColumnType.Float64), StringComparison.Ordinal);

    [Theory]
    [InlineData("12.34", "12.34")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("+3", "3")]
    [InlineData("1.50", "1.5")] // a trailing zero is not a digit of precision
    [InlineData("00012.3", "12.3")]
    [InlineData("12345678.99", "12345678.99")]
    [InlineData("1.5e2", "150")]
    [InlineData("1E-2", "0.01")]
    [InlineData(".5", "0.5")]
    [InlineData("0e99", "0")]
    public void Decimal_accepts_numbers_that_fit_precision_and_scale(string text, string expected)
        => Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Parse(text, ColumnType.Decimal(10, 2)));

    [Theory]
    [InlineData("1.234", "has 3 digits after the point; decimal(10,2) allows 2")]
    [InlineData("-1.234", "has 3 digits after the point; decimal(10,2) allows 2")]
    [InlineData("0.30000000000000004", "has 17 digits after the point")]
    [InlineData("1e-3", "has 3 digits after the point")]
    [InlineData("123456789", "has 9 digits before the point; decimal(10,2) allows 8")]
    [InlineData("1.5e8", "has 9 digits before the point")]
    [InlineData("1.0000000000000000000000000000001", "has 31 digits after the point")]
    public void Decimal_rejects_more_digits_than_the_contract_allows(string text, string detail)
    {
        Assert.StartsWith($"found '{text}', which {detail}", Problem(text, ColumnType.Decimal(10, 2)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("1,5")]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("-")]
    [InlineData("1e")]
    [InlineData("NaN")]
    public void Decimal_rejects_non_numbers(string text) => Assert.StartsWith($"found ", Problem(text, ColumnType.Decimal(10, 2)), StringComparison.Ordinal);

    [Fact]
    public void Decimal_keeps_every_digit_of_a_long_number()
        => Assert.Equal(1234567890123456789012.123456m, Parse("1234567890123456789012.123456", ColumnType.Decimal(28, 6)));

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("False", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void Bool_accepts_true_false_1_0(string text, bool expected) => Assert.Equal(expected, Parse(text, ColumnType.Bool));

    [Theory]
    [InlineData("yes")]
    [InlineData("t")]
    [InlineData("2")]
    [InlineData("")]
    [InlineData(" true")]
    public void Bool_rejects_anything_else(string text) => Assert.Contains("expected a bool", Problem(text, ColumnType.Bool), StringComparison.Ordinal);

    [Theory]
    [InlineData("2024-02-29")]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    public void Date_accepts_yyyy_MM_dd(string text) => Assert.Equal(DateOnly.ParseExact(text, "yyyy-MM-dd"), Parse(text, ColumnType.Date));

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2024-1-1")]
    [InlineData("2024-01-01T00:00:00")]
    [InlineData("01/02/2024")]
    [InlineData("0000-01-01")]
    public void Date_rejects_other_forms(string text) => Assert.Contains("expected a date (yyyy-MM-dd)", Problem(text, ColumnType.Date), StringComparison.Ordinal);

    [Theory]
    [InlineData("2024-05-01T12:30:00Z", "2024-05-01T12:30:00.0000000")]
    [InlineData("2024-05-01 12:30:00", "2024-05-01T12:30:00.0000000")]
    [InlineData("2024-05-01T12:30:00", "2024-05-01T12:30:00.0000000")]
    [InlineData("2024-05-01t12:30:00z", "2024-05-01T12:30:00.0000000")]
    [InlineData("2024-05-01T12:30", "2024-05-01T12:30:00.0000000")]
    [InlineData("2024-05-01T12:30:00.5Z", "2024-05-01T12:30:00.5000000")]
    [InlineData("2024-05-01 12:30:00.123456", "2024-05-01T12:30:00.1234560")]
    [InlineData("2024-05-01T12:30:00.1234567Z", "2024-05-01T12:30:00.1234567")]
    [InlineData("2024-05-01T14:30:00+02:00", "2024-05-01T12:30:00.0000000")]
    [InlineData("2024-05-01T14:30:00+0200", "2024-05-01T12:30:00.0000000")]
    [InlineData("2024-05-01T14:30:00+02", "2024-05-01T12:30:00.0000000")]
    [InlineData("2024-05-01T07:30:00.25-05:00", "2024-05-01T12:30:00.2500000")]
    [InlineData("2024-05-02T00:30:00+12:00", "2024-05-01T12:30:00.0000000")]
    [InlineData("2024-05-01 17:00:00+04:30", "2024-05-01T12:30:00.0000000")]
    [InlineData("2024-05-01", "2024-05-01T00:00:00.0000000")]
    public void Timestamp_accepts_every_ISO_8601_form_and_converts_to_UTC(string text, string expectedUtc)
    {
        var value = (DateTime)Parse(text, ColumnType.Timestamp);
        Assert.Equal(DateTime.ParseExact(expectedUtc, "yyyy-MM-dd'T'HH:mm:ss.fffffff", null), value);
        Assert.Equal(DateTimeKind.Utc, value.Kind);
    }

    [Theory]
    [InlineData("2024-05-01T12:30:00.12345678Z", "which has 8 fraction digits; at most 7 (100 ns) are allowed")]
    [InlineData("0001-01-01T00:00:00+01:00", "which is outside the years 0001 to 9999 once converted to UTC")]
    [InlineData("2024-05-01T25:00:00Z", "")]
    [InlineData("2024-02-30T00:00:00Z", "")]
    [InlineData("2024-05-01T12:30:00 Z", "")]
    [InlineData("2024-05-01T12:30:00+2", "")]
    [InlineData("2024-05-01T12:30:00+19:00", "")]
    [InlineData("2024-05-01T12:30:60Z", "")]
    [InlineData("20240501T123000Z", "")]
    [InlineData("2024-05-01T12:30:00.Z", "")]
    [InlineData(" 2024-05-01", "")]
    [InlineData("1714566600", "")]
    [InlineData("", "")]
    public void Timestamp_rejects_other_forms(string text, string detail)
    {
        var problem = Problem(text, ColumnType.Timestamp);
        Assert.EndsWith(detail.Length > 0 ? detail : "expected a timestamp (ISO 8601, e.g. 2024-05-01T12:30:00Z)", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "2024-05-01T12:30:00.1234567")]
    [InlineData(10, "2024-05-01T12:30:00.1234560")]
    [InlineData(10_000, "2024-05-01T12:30:00.1230000")]
    [InlineData(10_000_000, "2024-05-01T12:30:00.0000000")]
    public void Timestamp_is_truncated_to_the_resolution(long resolutionTicks, string expected)
        => Assert.Equal(DateTime.ParseExact(expected, "yyyy-MM-dd'T'HH:mm:ss.fffffff", null),
            Parse("2024-05-01T12:30:00.1234567Z", ColumnType.Timestamp, TimeSpan.FromTicks(resolutionTicks)));

    [Fact]
    public void String_is_taken_as_is() => Assert.Equal(" a,\"b\" ", Parse(" a,\"b\" ", ColumnType.String));

    [Theory]
    [InlineData("x", ColumnKind.String)]
    [InlineData("-12", ColumnKind.Int64)]
    [InlineData("1.25", ColumnKind.Float64)]
    [InlineData("12.5", ColumnKind.Decimal)]
    [InlineData("true", ColumnKind.Bool)]
    [InlineData("2024-05-01", ColumnKind.Date)]
    [InlineData("2024-05-01T12:30:00.1234567Z", ColumnKind.Timestamp)]
    public void Formatter_output_parses_back_to_the_same_value(string text, ColumnKind kind)
    {
        var type = kind == ColumnKind.Decimal ? ColumnType.Decimal(10, 2) : new ColumnType(kind);
        var value = Parse(text, type);
        Assert.Equal(value, Parse(ValueFormatter.Format(value, type, "c"), type));
    }
}
