namespace Stratum.ClickHouse.RowBinary;

/// <summary>ClickHouse <c>Decimal(p, s)</c> values as unscaled integers, and back.</summary>
internal static class DecimalCodec
{
    private static readonly decimal[] Pow10 = [.. Enumerable.Range(0, 29).Select(i => Pow(i))];

    /// <summary>Bytes of the binary form: Decimal32, Decimal64 or Decimal128.</summary>
    public static int Width(int precision) => precision <= 9 ? 4 : precision <= 18 ? 8 : 16;

    public static Int128 Unscaled(decimal value, int precision, int scale)
    {
        if (precision is < 1 or > 28 || scale < 0 || scale > precision)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), $"decimal({precision},{scale}) is not supported");
        }
        var rounded = Math.Round(value, scale, MidpointRounding.ToEven);
        if (Math.Abs(rounded) >= Pow10[precision - scale])
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"does not fit decimal({precision},{scale})");
        }
        return (Int128)decimal.Truncate(rounded * Pow10[scale]);
    }

    public static decimal FromUnscaled(Int128 unscaled, int scale)
    {
        var negative = unscaled < 0;
        var magnitude = (UInt128)(negative ? -unscaled : unscaled);
        if (magnitude >> 96 != 0)
        {
            throw new OverflowException($"decimal value with {scale} fraction digits does not fit System.Decimal");
        }
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, (byte)scale);
    }

    private static decimal Pow(int n)
    {
        var d = 1m;
        for (var i = 0; i < n; i++)
        {
            d *= 10;
        }
        return d;
    }
}
