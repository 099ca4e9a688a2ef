namespace Stratum.Monitoring;

/// <summary>
/// What a healthy stream looks like. The defaults are the targets the incident team set
/// afterwards (docs/operations.md): data at most an hour old, no duplicates, no SCD violations,
/// at least 99.5% of loads succeeding over a day, nothing in quarantine, no version dropped by a tie, no file waiting more
/// than five minutes to be loaded.
/// </summary>
public sealed record CheckThresholds
{
    public static CheckThresholds Default { get; } = new();

    /// <summary>Freshness: now minus the newest committed event time.</summary>
    public TimeSpan MaxLag { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Exact duplicate rows (extra copies) allowed.</summary>
    public long MaxDuplicates { get; init; }

    /// <summary>SCD violations allowed.</summary>
    public long MaxViolations { get; init; }

    /// <summary>Share of loads that must succeed over <see cref="SuccessWindow"/> (0 to 1).</summary>
    public double MinSuccessRate { get; init; } = 0.995;

    public TimeSpan SuccessWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Files in quarantine allowed.</summary>
    public long MaxQuarantined { get; init; }

    /// <summary>Versions dropped by the tie rule over <see cref="SuccessWindow"/> allowed (docs/scd-semantics.md, "Ties").</summary>
    public long MaxTieConflicts { get; init; }

    /// <summary>Load latency: the longest a landed file may wait before it is committed.</summary>
    public TimeSpan MaxLatency { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Files and folders landed that will never be loaded (<see cref="Stratum.Objects.LandingSurvey"/>); one threshold for the whole landing root.</summary>
    public long MaxUnloadable { get; init; }
}
