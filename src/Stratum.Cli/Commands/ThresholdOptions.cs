using System.CommandLine;
using Stratum.Configuration;

namespace Stratum.Cli.Commands;

/// <summary>
/// <c>--max-lag 1h</c> and the other threshold options of <c>check</c> and <c>serve</c>. An option
/// overrides the project file for every stream, per-table settings included.
/// </summary>
public sealed class ThresholdOptions
{
    private readonly (string Name, Option<string?> Option)[] _all =
    [
        ("max_lag", new("--max-lag") { Description = "Freshness: newest committed data at most this old (default 1h)" }),
        ("max_duplicates", new("--max-duplicates") { Description = "Exact duplicate rows allowed (default 0)" }),
        ("max_violations", new("--max-violations") { Description = "SCD violations allowed (default 0)" }),
        ("min_success_rate", new("--min-success-rate") { Description = "Share of loads that must succeed, e.g. 99.5% (default)" }),
        ("success_window", new("--success-window") { Description = "Window of the success rate (default 24h)" }),
        ("max_quarantined", new("--max-quarantined") { Description = "Quarantined files allowed (default 0)" }),
        ("max_latency", new("--max-latency") { Description = "Longest a landed file may wait to be loaded (default 5m)" }),
        ("max_tie_conflicts", new("--max-tie-conflicts") { Description = "Versions dropped by the tie rule over the success window allowed (default 0)" }),
        ("max_unloadable", new("--max-unloadable") { Description = "Landed files and folders that will never be loaded (bad tenant name, no contract, unsupported extension…) allowed (default 0)" }),
    ];

    public IEnumerable<Option> All => _all.Select(a => a.Option);

    public ProjectSettings Apply(ParseResult parse, ProjectSettings settings)
    {
        foreach (var (name, option) in _all)
        {
            if (parse.GetValue(option) is { } value)
            {
                var what = option.Name;
                settings = settings with
                {
                    Check = CheckSettings.Apply(settings.Check, name, value, what),
                    CheckTables = settings.CheckTables.ToDictionary(e => e.Key, e => CheckSettings.Apply(e.Value, name, value, what), StringComparer.Ordinal),
                };
            }
        }
        return settings;
    }
}
