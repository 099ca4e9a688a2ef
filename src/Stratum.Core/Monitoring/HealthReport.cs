using Stratum.State;

namespace Stratum.Monitoring;

/// <summary>One probe of every stream at <see cref="MeasuredAt"/>, with the run log of the window it read.</summary>
public sealed record HealthReport(DateTimeOffset MeasuredAt, IReadOnlyList<StreamHealth> Streams, IReadOnlyList<RunRecord> Runs);
