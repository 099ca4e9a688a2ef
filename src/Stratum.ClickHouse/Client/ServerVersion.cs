using System.Globalization;

namespace Stratum.ClickHouse.Client;

/// <summary>
/// The server's version, from <c>SELECT version()</c> (<c>18.16.1</c>, <c>23.8.2.7</c>,
/// <c>24.10.1.2812</c>). Features newer than 18.16 are used only where the version has them.
/// </summary>
public readonly record struct ServerVersion(int Major, int Minor, int Patch, string Text)
{
    /// <summary><c>DateTime64</c> (sub-second timestamps) arrived in 20.1.</summary>
    public bool SupportsDateTime64 => AtLeast(20, 1);

    /// <summary>The <c>X-ClickHouse-Exception-Code</c> header arrived in 19.x; 18.16 puts the code only in the body.</summary>
    public bool SendsExceptionCodeHeader => AtLeast(19, 1);

    public bool AtLeast(int major, int minor) => Major > major || Major == major && Minor >= minor;

    public static ServerVersion Parse(string text)
    {
        var t = text.Trim();
        var parts = t.Split('.');
        int Part(int i) => i < parts.Length && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
        if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"'{t}' is not a ClickHouse version");
        }
        return new ServerVersion(Part(0), Part(1), Part(2), t);
    }

    public override string ToString() => Text;
}
