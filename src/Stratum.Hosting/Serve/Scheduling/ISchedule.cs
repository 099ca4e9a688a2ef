namespace Stratum.Hosting.Serve.Scheduling;

/// <summary>When <c>stratum serve</c> runs its next cycle.</summary>
public interface ISchedule
{
    /// <summary>The next start strictly after <paramref name="after"/> (the end of the previous cycle).</summary>
    DateTimeOffset Next(DateTimeOffset after);

    /// <summary>The default jitter: a random delay added to each start so that many instances spread out.</summary>
    TimeSpan DefaultJitter { get; }

    string Describe { get; }
}
