namespace Stratum.Hosting.Serve;

/// <summary>
/// One pass of <c>serve</c> over every stream: when, how many streams, what the loads did
/// (<see cref="Skipped"/>: another worker held the lease; <see cref="BreakerOpen"/>: skipped for an open circuit breaker).
/// </summary>
public sealed record CycleInfo(DateTimeOffset Started, DateTimeOffset Finished, int Streams, int Loaded, int UpToDate, int Skipped, int Failed, int Stopped, long RowsInserted)
{
    public int BreakerOpen { get; init; }
}
