using System.Globalization;
using Stratum.Breaking;

namespace Stratum.Configuration;

/// <summary>
/// The <c>breaker:</c> section of the project file: when a stream's circuit breaker opens and how
/// long passes skip it (<c>breaker.failures: 3</c>, <c>breaker.backoff: 1m</c>,
/// <c>breaker.max_backoff: 1h</c>, <c>breaker.jitter: 20%</c>). docs/configuration.md lists them;
/// their defaults are <see cref="BreakerPolicy.Default"/>.
/// </summary>
public static class BreakerSettings
{
    public const string Prefix = "breaker.";

    /// <summary>The settings, without the <c>breaker.</c> prefix.</summary>
    public static readonly IReadOnlyList<string> Names = ["failures", "backoff", "max_backoff", "jitter"];

    /// <param name="policy">the policy so far</param>
    /// <param name="name">the setting without its prefix</param>
    /// <param name="value">its text</param>
    /// <param name="what">Where it came from and its name, for errors (<c>stratum.yaml:12: breaker.backoff</c>).</param>
    public static BreakerPolicy Apply(BreakerPolicy policy, string name, string value, string what) => name switch
    {
        "failures" => policy with
        {
            Failures = int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new ConfigException($"{what}: '{value}' is not a whole number of 0 (off) or more"),
        },
        "backoff" => policy with { Backoff = Positive(Durations.Parse(value, what), value, what) },
        "max_backoff" => policy with { MaxBackoff = Positive(Durations.Parse(value, what), value, what) },
        "jitter" => policy with
        {
            Jitter = CheckSettings.Rate(value, what) is var j && j < 1 ? j : throw new ConfigException($"{what}: '{value}' must be less than 100%"),
        },
        _ => throw new ConfigException($"{what}: unknown breaker setting '{name}'; known: {string.Join(", ", Names)}"),
    };

    /// <summary>The settings together: the ceiling must not be below the first back-off.</summary>
    /// <param name="policy">the policy as every setting made it</param>
    /// <param name="what">Where <c>breaker.max_backoff</c> came from (the file and line, or the variable), for the error.</param>
    public static BreakerPolicy Checked(BreakerPolicy policy, string what)
        => policy.MaxBackoff >= policy.Backoff
            ? policy
            : throw new ConfigException($"{what}: breaker.max_backoff ({Durations.Format(policy.MaxBackoff)}) is shorter than breaker.backoff ({Durations.Format(policy.Backoff)})");

    private static TimeSpan Positive(TimeSpan t, string value, string what)
        => t > TimeSpan.Zero ? t : throw new ConfigException($"{what}: '{value}' must be longer than 0");
}
