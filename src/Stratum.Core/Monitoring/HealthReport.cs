using Stratum.Objects;
using Stratum.State;

namespace Stratum.Monitoring;

/// <summary>One probe of every stream at <see cref="MeasuredAt"/>, with the run log of the window it read.</summary>
public sealed record HealthReport(DateTimeOffset MeasuredAt, IReadOnlyList<StreamHealth> Streams, IReadOnlyList<RunRecord> Runs)
{
    /// <summary>What the landing survey found outside the streams' folders (<see cref="LandingSurvey"/>); empty when no survey ran.</summary>
    public IReadOnlyList<UnloadableObject> Landing { get; init; } = [];

    /// <summary>Everything landed that will not be loaded: the survey's findings and each stream's unreadable files, in key order.</summary>
    public IReadOnlyList<UnloadableObject> Unloadable
        => [.. Landing.Concat(Streams.SelectMany(s => s.Unloadable)).OrderBy(u => u.Key, StringComparer.Ordinal)];
}
