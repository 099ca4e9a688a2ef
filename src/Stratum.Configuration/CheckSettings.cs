using System.Globalization;
using Stratum.Monitoring;

namespace Stratum.Configuration;

/// <summary>
/// The <c>check:</c> section of the project file: thresholds for every stream
/// (<c>check.max_lag: 1h</c>) and per table (<c>check.tables.companies.max_lag: 1d</c>).
/// docs/configuration.md lists them; their defaults are <see cref="CheckThresholds.Default"/>.
/// </summary>
public static class CheckSettings
{
    public const string TablesPrefix = "check.tables.";

    /// <summary>The threshold settings, without the <c>check.</c> prefix.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["max_lag", "max_duplicates", "max_violations", "min_success_rate", "success_window", "max_quarantined", "max_latency", "max_tie_conflicts", "max_unloadable"];

    /// <summary>True for <c>check.tables.TABLE.NAME</c> with a known NAME; gives the table and the name.</summary>
    public static bool IsPerTable(string setting, out string table, out string name)
    {
        table = name = "";
        if (!setting.StartsWith(TablesPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = setting[TablesPrefix.Length..];
        var dot = rest.LastIndexOf('.');
        if (dot <= 0)
        {
            return false;
        }
        (table, name) = (rest[..dot], rest[(dot + 1)..]);
        return Names.Contains(name) && name is not ("success_window" or "max_unloadable"); // one window for all: the run log is read once; one landing root
    }

    public static CheckThresholds Apply(CheckThresholds t, string name, string value, string what) => name switch
    {
        "max_lag" => t with { MaxLag = Durations.Parse(value, what) },
        "max_duplicates" => t with { MaxDuplicates = Count(value, what) },
        "max_violations" => t with { MaxViolations = Count(value, what) },
        "min_success_rate" => t with { MinSuccessRate = Rate(value, what) },
        "success_window" => t with { SuccessWindow = Durations.Parse(value, what) },
        "max_quarantined" => t with { MaxQuarantined = Count(value, what) },
        "max_latency" => t with { MaxLatency = Durations.Parse(value, what) },
        "max_tie_conflicts" => t with { MaxTieConflicts = Count(value, what) },
        "max_unloadable" => t with { MaxUnloadable = Count(value, what) },
        _ => throw new ConfigException($"{what}: unknown check setting '{name}'; known: {string.Join(", ", Names)}"),
    };

    private static long Count(string value, string what)
        => long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ConfigException($"{what}: '{value}' is not a whole number of 0 or more");

    /// <summary>A share: <c>99.5%</c> or <c>0.995</c>.</summary>
    public static double Rate(string value, string what)
    {
        var t = value.Trim();
        var percent = t.EndsWith('%');
        if (double.TryParse(percent ? t[..^1] : t, NumberStyles.Float, CultureInfo.InvariantCulture, out var r))
        {
            r = percent ? r / 100 : r;
            if (r is >= 0 and <= 1)
            {
                return r;
            }
        }
        throw new ConfigException($"{what}: '{value}' is not a share (e.g. 99.5% or 0.995)");
    }
}
