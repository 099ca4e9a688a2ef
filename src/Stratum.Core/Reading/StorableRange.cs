using System.Globalization;

namespace Stratum.Reading;

/// <summary>
/// The timestamps a warehouse can store (inclusive, UTC). A value outside is refused when its file
/// is read (<see cref="FileRejectedException"/>, the file is quarantined), never at publish time,
/// where it would fail the whole batch on every run.
/// </summary>
public readonly record struct TimestampRange(DateTime Min, DateTime Max)
{
    /// <summary>Every <see cref="DateTime"/>, 0001-01-01 to 9999-12-31.</summary>
    public static TimestampRange All { get; } = new(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc));

    public bool Contains(DateTime t) => t.Ticks >= Min.Ticks && t.Ticks <= Max.Ticks;

    public override string ToString()
        => $"{Min.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)} to {Max.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)}";
}

/// <summary>The dates a warehouse can store (inclusive). See <see cref="TimestampRange"/>.</summary>
public readonly record struct DateRange(DateOnly Min, DateOnly Max)
{
    /// <summary>Every <see cref="DateOnly"/>, 0001-01-01 to 9999-12-31.</summary>
    public static DateRange All { get; } = new(DateOnly.MinValue, DateOnly.MaxValue);

    public bool Contains(DateOnly d) => d >= Min && d <= Max;

    public override string ToString()
        => $"{Min.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {Max.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
