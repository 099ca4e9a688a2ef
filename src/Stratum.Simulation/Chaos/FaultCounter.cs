using System.Collections.Concurrent;

namespace Stratum.Simulation.Chaos;

/// <summary>Faults injected, by kind (thread-safe: the proxies count from their connections' tasks).</summary>
public sealed class FaultCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(string kind, int n = 1) => _counts.AddOrUpdate(kind, n, (_, c) => c + n);

    public int Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, int> Snapshot()
        => new SortedDictionary<string, int>(_counts.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    public void AddAll(IReadOnlyDictionary<string, int> other)
    {
        foreach (var (k, v) in other)
        {
            Add(k, v);
        }
    }
}
