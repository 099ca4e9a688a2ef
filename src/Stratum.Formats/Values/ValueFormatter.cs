using System.Globalization;
using Stratum.Contracts;

namespace Stratum.Formats.Values;

/// <summary>
/// The text of a contract value that <see cref="ValueParser"/> reads back to the same value:
/// shortest round-trip doubles (<c>NaN</c>, <c>Infinity</c>), invariant decimals, <c>true</c>/<c>false</c>,
/// <c>yyyy-MM-dd</c>, and timestamps as <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c> (UTC).
/// </summary>
public static class ValueFormatter
{
    public static string Format(object value, ColumnType type, string column) => (type.Kind, value) switch
    {
        (ColumnKind.String, string s) => s,
        (ColumnKind.Int64, long l) => l.ToString(CultureInfo.InvariantCulture),
        (ColumnKind.Float64, double d) => d.ToString("R", CultureInfo.InvariantCulture),
        (ColumnKind.Decimal, decimal m) => m.ToString(CultureInfo.InvariantCulture),
        (ColumnKind.Bool, bool b) => b ? "true" : "false",
        (ColumnKind.Date, DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        (ColumnKind.Timestamp, DateTime t) => Utc(t).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        _ => throw WrongType(value, type, column),
    };

    /// <summary>A timestamp value as UTC: Unspecified is taken as UTC, Local is converted.</summary>
    public static DateTime Utc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };

    public static ArgumentException WrongType(object value, ColumnType type, string column)
        => new($"column '{column}' is {type} but the row holds a {value.GetType().Name} ({value})", nameof(value));
}
