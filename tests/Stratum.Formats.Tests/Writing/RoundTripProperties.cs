using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Stratum.Contracts;

namespace Stratum.Formats.Tests.Writing;

/// <summary>
/// Rows written by each writer read back equal through the matching reader: every type, nulls,
/// extremes, and strings full of quotes, commas, line breaks and non-ASCII text, plain and gzipped.
/// </summary>
public sealed class RoundTripProperties : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    public static readonly TableContract Contract = TestFiles.Build(
    [
        ("id", ColumnType.String, false),
        ("updated_at", ColumnType.Timestamp, false),
        ("s", ColumnType.String, true),
        ("l", ColumnType.Int64, true),
        ("f", ColumnType.Float64, true),
        ("m", ColumnType.Decimal(18, 4), true),
        ("big", ColumnType.Decimal(28, 6), false),
        ("b", ColumnType.Bool, true),
        ("d", ColumnType.Date, true),
        ("t", ColumnType.Timestamp, true),
    ]);

    public sealed record Rows(object?[][] Values)
    {
        public override string ToString() => string.Join(Environment.NewLine, Values.Select(r => string.Join(" | ", r.Select(v => v switch
        {
            null => "null",
            string s => $"\"{s.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)}\"",
            DateTime t => t.ToString("O"),
            _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
        }))));
    }

    public static class Arbitraries
    {
        private static readonly string[] Pieces = ["a", "Z", "7", " ", ",", "\"", "\"\"", "\n", "\r\n", "\r", "\t", "\\", "é", "漢字", "😀", "\u0001", "{", "}", "null", "'", ";"];

        private static Gen<string> Text() => Gen.Elements(Pieces).ArrayOf().Select(p => string.Concat(p));

        private static Gen<object?> OrNull<T>(Gen<T> gen) => Gen.Frequency((1, Gen.Constant<object?>(null)), (4, gen.Select(v => (object?)v)));

        private static Gen<DateTime> Timestamp() =>
            from day in Gen.Choose(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber)
            from second in Gen.Choose(0, 86_399)
            from micro in Gen.Choose(0, 999_999)
            select new DateTime((day * TimeSpan.TicksPerDay) + (second * TimeSpan.TicksPerSecond) + (micro * 10L), DateTimeKind.Utc);

        private static Gen<decimal> Decimal(int precision, int scale) =>
            from digits in Gen.Choose(0, 9).ArrayOf(precision)
            from negative in Gen.Elements(false, true)
            from length in Gen.Choose(1, precision)
            let text = string.Concat(digits.Take(length))
            select (negative ? -1 : 1) * decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture) / Pow10(scale);

        private static decimal Pow10(int n) => Enumerable.Repeat(10m, n).Aggregate(1m, (a, b) => a * b);

        private static Gen<double> Double() => Gen.OneOf(
            ArbMap.Default.GeneratorFor<double>(),
            Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.Epsilon, -0.0, 0.1));

        private static Gen<long> Long() => Gen.OneOf(ArbMap.Default.GeneratorFor<long>(), Gen.Elements(long.MinValue, long.MaxValue, 0L));

        private static Gen<object?[]> Row() =>
            from id in Text()
            from updated in Timestamp()
            from s in OrNull(Text())
            from l in OrNull(Long())
            from f in OrNull(Double())
            from m in OrNull(Decimal(18, 4))
            from big in Decimal(28, 6)
            from b in OrNull(Gen.Elements(true, false))
            from d in OrNull(Gen.Choose(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber).Select(DateOnly.FromDayNumber))
            from t in OrNull(Timestamp())
            select new object?[] { id, updated, s, l, f, m, big, b, d, t };

        public static Arbitrary<Rows> Rows() => Gen.Sized(size => Row().ArrayOf(Math.Min(size, 12))).Select(r => new Rows(r)).ToArbitrary();
    }

    private bool RoundTrips(string format, Rows rows)
    {
        var path = _files.WriteAsync(format, Contract, rows.Values, $"rt-{Guid.NewGuid():N}").GetAwaiter().GetResult();
        var back = TestFiles.ReadAsync(path, Contract).GetAwaiter().GetResult();
        File.Delete(path);
        Assert.Equal(rows.Values, back);
        Assert.All(back, r => Assert.All(r.OfType<DateTime>(), t => Assert.Equal(DateTimeKind.Utc, t.Kind)));
        return true;
    }

    [Property(MaxTest = 150, Arbitrary = [typeof(Arbitraries)])]
    public bool Csv_round_trips(Rows rows) => RoundTrips("csv", rows);

    [Property(MaxTest = 150, Arbitrary = [typeof(Arbitraries)])]
    public bool Ndjson_round_trips(Rows rows) => RoundTrips("ndjson", rows);

    [Property(MaxTest = 150, Arbitrary = [typeof(Arbitraries)])]
    public bool Parquet_round_trips(Rows rows) => RoundTrips("parquet", rows);

    [Property(MaxTest = 30, Arbitrary = [typeof(Arbitraries)])]
    public bool Gzipped_files_round_trip(Rows rows) => TestFiles.Formats.All(f => RoundTrips($"{f}.gz", rows));
}
