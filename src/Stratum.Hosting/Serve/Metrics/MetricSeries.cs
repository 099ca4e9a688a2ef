namespace Stratum.Hosting.Serve.Metrics;

/// <summary>One labelled series of an instrument: a running sum, a last value, or histogram buckets.</summary>
internal sealed class MetricSeries(IReadOnlyList<KeyValuePair<string, string>> labels, int buckets)
{
    private readonly long[] _buckets = new long[buckets + 1]; // the last is +Inf

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

    public double Value { get; private set; }

    public long Count { get; private set; }

    public void Add(double v)
    {
        lock (_buckets)
        {
            Value += v;
        }
    }

    public void Set(double v)
    {
        lock (_buckets)
        {
            Value = v;
        }
    }

    public void Observe(double v, IReadOnlyList<double> bounds)
    {
        lock (_buckets)
        {
            var i = 0;
            while (i < bounds.Count && v > bounds[i])
            {
                i++;
            }
            _buckets[i]++;
            Value += v;
            Count++;
        }
    }

    /// <summary>Cumulative bucket counts (each includes the ones below it), the sum and the count, read together.</summary>
    public (long[] Cumulative, double Sum, long Count) Snapshot()
    {
        lock (_buckets)
        {
            var c = new long[_buckets.Length];
            long running = 0;
            for (var i = 0; i < c.Length; i++)
            {
                running += _buckets[i];
                c[i] = running;
            }
            return (c, Value, Count);
        }
    }
}
