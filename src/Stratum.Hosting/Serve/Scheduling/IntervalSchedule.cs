namespace Stratum.Hosting.Serve.Scheduling;

/// <summary>A cycle every <see cref="Interval"/>, counted from the end of the previous one (cycles never overlap).</summary>
public sealed class IntervalSchedule : ISchedule
{
    public IntervalSchedule(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
    }

    public TimeSpan Interval { get; }

    public DateTimeOffset Next(DateTimeOffset after) => after + Interval;

    /// <summary>A tenth of the interval, at most 30 seconds.</summary>
    public TimeSpan DefaultJitter => TimeSpan.FromTicks(Math.Min(Interval.Ticks / 10, TimeSpan.FromSeconds(30).Ticks));

    public string Describe => $"every {Monitoring.HealthChecks.FormatDuration(Interval)}";
}
