using Stratum.Monitoring;

namespace Stratum.Hosting.Checks;

/// <summary>The thresholds the checks use: one set for every stream, overridden per table.</summary>
public sealed record CheckPolicy(CheckThresholds Defaults, IReadOnlyDictionary<string, CheckThresholds> Tables)
{
    public static readonly CheckPolicy Default = new(CheckThresholds.Default, new Dictionary<string, CheckThresholds>());

    public CheckThresholds ThresholdsFor(string table) => Tables.TryGetValue(table, out var t) ? t : Defaults;
}
