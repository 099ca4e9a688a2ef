using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Stratum.Objects;

namespace Stratum.Telemetry;

/// <summary>
/// The observable gauge <c>stratum.unloadable.objects</c> (tags <c>tenant</c>, <c>reason</c>): how
/// many files and folders landed that the loader will never read, as of the last survey. A
/// (tenant, reason) seen once and gone since is reported as 0, so a series never stays stuck at
/// its last value.
/// </summary>
public sealed class UnloadableGauge
{
    public const string ReasonTag = "reason";

    private readonly ConcurrentDictionary<(string Tenant, string Reason), long> _counts = new();

    internal UnloadableGauge(Meter meter)
        => meter.CreateObservableGauge("stratum.unloadable.objects", Observe, "{object}",
            "Files and folders landed that the loader will never read (a folder counts once), by tenant and reason.");

    /// <summary>Replaces the counts with those of <paramref name="unloadable"/> (everything the last survey found).</summary>
    public void Update(IEnumerable<UnloadableObject> unloadable)
    {
        var now = unloadable.GroupBy(u => (u.Tenant, u.ReasonCode)).ToDictionary(g => g.Key, g => (long)g.Count());
        foreach (var key in _counts.Keys.Concat(now.Keys).Distinct().ToList())
        {
            _counts[key] = now.GetValueOrDefault(key);
        }
    }

    public long Get(string tenant, string reason) => _counts.GetValueOrDefault((tenant, reason));

    private IEnumerable<Measurement<long>> Observe()
        => _counts.Select(e => new Measurement<long>(e.Value,
            new KeyValuePair<string, object?>(StratumTelemetry.TenantTag, e.Key.Tenant), new KeyValuePair<string, object?>(ReasonTag, e.Key.Reason)));
}
