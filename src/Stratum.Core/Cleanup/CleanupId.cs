using System.Globalization;
using System.Text.RegularExpressions;

namespace Stratum.Cleanup;

/// <summary>
/// A cleanup's id: <c>yyyyMMdd-HHmmss-xxxxxxxx</c> (UTC time of the cleanup, 8 random hex digits).
/// Sortable by time, unique, and safe anywhere (it is still only ever sent as a quoted value).
/// </summary>
public static partial class CleanupId
{
    public static string New(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var at = clock.GetUtcNow().UtcDateTime;
        return at.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
    }

    public static bool IsValid(string? text) => text is not null && Shape().IsMatch(text);

    public static string Parse(string? text)
        => IsValid(text) ? text! : throw new StratumException($"'{text}' is not a cleanup id (they look like 20250621-101500-3fa2b1c4; `stratum clean` prints them)");

    [GeneratedRegex("^[0-9]{8}-[0-9]{6}-[0-9a-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
