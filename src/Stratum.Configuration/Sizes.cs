using System.Globalization;

namespace Stratum.Configuration;

/// <summary>Byte sizes: <c>64MB</c>, <c>1GB</c>, <c>512KB</c> or a number of bytes (powers of 1024).</summary>
public static class Sizes
{
    public static long Parse(string text, string what)
    {
        var t = text.Trim().ToUpperInvariant();
        long unit = 1;
        foreach (var (suffix, factor) in new[] { ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1L) })
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal))
            {
                unit = factor;
                t = t[..^suffix.Length].Trim();
                break;
            }
        }
        return long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n * unit
            : throw new ConfigException($"{what}: '{text}' is not a size (e.g. 64MB, 1GB)");
    }
}
