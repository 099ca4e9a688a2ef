using System.Globalization;
using System.Text;
using ParquetSharp;
using Stratum.Contracts;
using Stratum.Formats.Values;

namespace Stratum.Formats.Parquet;

/// <summary>
/// Which Parquet element types (as ParquetSharp reads them) can fill which contract types, and how:
/// strings (and unannotated byte arrays, as strict UTF-8; UUIDs as text) → string; signed and
/// unsigned integers → int64 (and decimal, when the value fits); float, double, half → float64;
/// decimal → decimal (each value checked against the contract's precision and scale, unless the
/// column's own precision and scale already fit); bool → bool;
/// date → date; timestamps of any unit, UTC-adjusted or not (read as UTC), legacy INT96, and dates
/// (midnight) → timestamp, truncated to the resolution. Anything else is rejected up front.
/// </summary>
internal static class ParquetConverters
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly DateOnly Epoch = DateOnly.FromDateTime(DateTime.UnixEpoch);
    private const int JulianDayOfUnixEpoch = 2_440_588;

    public static ParquetConverter<T>? For<T>(ColumnType type, TimeSpan resolution, ParquetColumnTraits traits) => type.Kind switch
    {
        ColumnKind.String => Ref<T, string>(Ok<string>(v => v))
            ?? (traits.BytesAreText ? Ref<T, byte[]>(Utf8) : null)
            ?? Val<T, Guid>(Ok<Guid>(v => v.ToString("D"))),
        ColumnKind.Int64 => Val<T, long>(Ok<long>(v => v)) ?? Val<T, int>(Ok<int>(v => (long)v)) ?? Val<T, short>(Ok<short>(v => (long)v))
            ?? Val<T, sbyte>(Ok<sbyte>(v => (long)v)) ?? Val<T, byte>(Ok<byte>(v => (long)v)) ?? Val<T, ushort>(Ok<ushort>(v => (long)v))
            ?? Val<T, uint>(Ok<uint>(v => (long)v)) ?? Val<T, ulong>(UInt64),
        ColumnKind.Float64 => Val<T, double>(Ok<double>(v => v)) ?? Val<T, float>(Ok<float>(v => (double)v)) ?? Val<T, Half>(Ok<Half>(v => (double)v)),
        ColumnKind.Decimal => Val<T, decimal>(traits.DecimalAlwaysFits ? Ok<decimal>(v => v) : Decimal(type, v => v)) ?? Val<T, long>(Decimal<long>(type, v => v)) ?? Val<T, int>(Decimal<int>(type, v => v))
            ?? Val<T, short>(Decimal<short>(type, v => v)) ?? Val<T, uint>(Decimal<uint>(type, v => v)) ?? Val<T, ulong>(Decimal<ulong>(type, v => v)),
        ColumnKind.Bool => Val<T, bool>(Ok<bool>(v => v)),
        ColumnKind.Date => Val<T, Date>(Ok<Date>(v => Epoch.AddDays(v.Days))) ?? Val<T, DateOnly>(Ok<DateOnly>(v => v)),
        ColumnKind.Timestamp => Val<T, DateTime>(Ok<DateTime>(v => ValueParser.Truncate(v, resolution)))
            ?? Val<T, DateTimeNanos>(Ok<DateTimeNanos>(v => ValueParser.Truncate(v.DateTime, resolution)))
            ?? Val<T, Int96>(Int96(resolution))
            ?? Val<T, Date>(Ok<Date>(v => Epoch.AddDays(v.Days).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)))
            ?? Val<T, DateOnly>(Ok<DateOnly>(v => v.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))),
        _ => null,
    };

    private static ParquetConverter<TIn> Ok<TIn>(Func<TIn, object> convert) => (TIn v, out string? problem) =>
    {
        problem = null;
        return convert(v);
    };

    /// <summary>Adapts a converter of U to the element type T when T is U or U?; null otherwise.</summary>
    private static ParquetConverter<T>? Val<T, TU>(ParquetConverter<TU> convert) where TU : struct
    {
        if (typeof(T) == typeof(TU))
        {
            return (ParquetConverter<T>)(object)convert;
        }
        if (typeof(T) == typeof(TU?))
        {
            ParquetConverter<TU?> nullable = (TU? v, out string? problem) => convert(v!.Value, out problem);
            return (ParquetConverter<T>)(object)nullable;
        }
        return null;
    }

    private static ParquetConverter<T>? Ref<T, TU>(ParquetConverter<TU> convert) where TU : class
        => typeof(T) == typeof(TU) ? (ParquetConverter<T>)(object)convert : null;

    private static object? Utf8(byte[] bytes, out string? problem)
    {
        try
        {
            problem = null;
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            problem = $"holds {bytes.Length} bytes that are not valid UTF-8 text; expected a string";
            return null;
        }
    }

    private static object? UInt64(ulong v, out string? problem)
    {
        problem = v > long.MaxValue ? $"found {v.ToString(CultureInfo.InvariantCulture)}, which is out of range; expected {ValueParser.Expected(ColumnType.Int64)}" : null;
        return problem is null ? (long)v : null;
    }

    private static ParquetConverter<decimal> Decimal(ColumnType type, Func<decimal, decimal> convert) => Decimal<decimal>(type, convert);

    private static ParquetConverter<TIn> Decimal<TIn>(ColumnType type, Func<TIn, decimal> convert) => (TIn v, out string? problem) =>
    {
        var d = convert(v);
        if (DecimalText.Fits(d, type.Precision, type.Scale, out var detail))
        {
            problem = null;
            return d;
        }
        problem = $"found {d.ToString(CultureInfo.InvariantCulture)}, which {detail}";
        return null;
    };

    /// <summary>Legacy INT96 timestamps: nanoseconds of the day (A, B) and the Julian day (C).</summary>
    private static ParquetConverter<Int96> Int96(TimeSpan resolution) => (Int96 v, out string? problem) =>
    {
        var nanosOfDay = (long)(((ulong)(uint)v.B << 32) | (uint)v.A);
        var ticks = DateTime.UnixEpoch.Ticks + ((v.C - (long)JulianDayOfUnixEpoch) * TimeSpan.TicksPerDay) + (nanosOfDay / 100);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            problem = "holds an INT96 timestamp outside the years 0001 to 9999";
            return null;
        }
        problem = null;
        return ValueParser.Truncate(new DateTime(ticks, DateTimeKind.Utc), resolution);
    };
}
