using System.Globalization;

namespace Stratum.Formats.Values;

/// <summary>
/// Reads a decimal number from its text (<c>-12.50</c>, <c>1.5e3</c>) and checks it against a
/// contract's <c>decimal(p,s)</c> by counting digits in the text itself: <see cref="decimal.Parse(string)"/>
/// would silently round a 30-digit fraction, and a double would lose digits long before that.
/// Leading zeros and trailing fraction zeros do not count (<c>1.50</c> fits scale 1).
/// </summary>
internal static class DecimalText
{
    private const int MaxExponentDigits = 4;

    public static bool TryParse(ReadOnlySpan<char> s, int precision, int scale, out decimal value, out string? problem)
    {
        value = 0;
        problem = null;
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }
        var intStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        var intDigits = s[intStart..i];
        ReadOnlySpan<char> fracDigits = [];
        if (i < s.Length && s[i] == '.')
        {
            var fracStart = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            fracDigits = s[fracStart..i];
        }
        if (intDigits.IsEmpty && fracDigits.IsEmpty)
        {
            return false;
        }
        var exponent = 0;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            var negative = i < s.Length && s[i] == '-';
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }
            var expStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == expStart || i - expStart > MaxExponentDigits)
            {
                return false;
            }
            exponent = int.Parse(s[expStart..i], NumberStyles.None, CultureInfo.InvariantCulture) * (negative ? -1 : 1);
        }
        if (i != s.Length)
        {
            return false;
        }

        // The digits as one sequence with the point after position `point`.
        var point = intDigits.Length + exponent;
        var first = -1;
        var last = -1;
        for (var k = 0; k < intDigits.Length + fracDigits.Length; k++)
        {
            var c = k < intDigits.Length ? intDigits[k] : fracDigits[k - intDigits.Length];
            if (c != '0')
            {
                first = first < 0 ? k : first;
                last = k;
            }
        }
        if (first < 0)
        {
            return true; // zero, whatever its exponent
        }
        var integerPart = Math.Max(0, point - first);
        var fractionPart = Math.Max(0, last + 1 - point);
        if (fractionPart > scale)
        {
            problem = $"has {fractionPart} digit{(fractionPart == 1 ? "" : "s")} after the point; decimal({precision},{scale}) allows {scale}";
            return false;
        }
        if (integerPart > precision - scale)
        {
            problem = $"has {integerPart} digit{(integerPart == 1 ? "" : "s")} before the point; decimal({precision},{scale}) allows {precision - scale}";
            return false;
        }
        // At most 28 significant digits remain, which decimal represents exactly.
        value = decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>True when a decimal value fits decimal(p,s) without rounding.</summary>
    public static bool Fits(decimal value, int precision, int scale, out string? problem)
    {
        problem = null;
        if (decimal.Round(value, scale, MidpointRounding.ToEven) != value)
        {
            problem = $"has more than {scale} digit{(scale == 1 ? "" : "s")} after the point; decimal({precision},{scale}) allows {scale}";
            return false;
        }
        var integerDigits = precision - scale;
        if (integerDigits < 28 && Math.Abs(decimal.Truncate(value)) >= Pow10(integerDigits))
        {
            problem = $"has more than {integerDigits} digit{(integerDigits == 1 ? "" : "s")} before the point; decimal({precision},{scale}) allows {integerDigits}";
            return false;
        }
        return true;
    }

    private static decimal Pow10(int n)
    {
        var r = 1m;
        for (var k = 0; k < n; k++)
        {
            r *= 10;
        }
        return r;
    }
}
