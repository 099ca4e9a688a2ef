using Stratum.State;
using Stratum.Hosting.Checks;

namespace Stratum.Hosting.Serve;

/// <summary>
/// What <c>/api/status</c> answers and the dashboard shows: every stream with its freshness
/// colour, recent loads, rows loaded per hour, pending and quarantined files, the checks.
/// </summary>
public sealed record DashboardStatus(
    DateTimeOffset Now,
    string Instance,
    string Schedule,
    DateTimeOffset? NextRun,
    CycleInfo? LastCycle,
    string? LastError,
    DateTimeOffset? MeasuredAt,
    int RefreshSeconds,
    IReadOnlyList<DashboardStatus.StreamView> Streams,
    IReadOnlyList<DashboardStatus.LoadView> RecentLoads,
    IReadOnlyList<DashboardStatus.HourView> RowsByHour,
    IReadOnlyList<DashboardStatus.FileView> Pending,
    IReadOnlyList<DashboardStatus.FileView> Quarantined,
    CheckRun? Check)
{
    /// <summary>What landed and will never be loaded (the first <see cref="DashboardBuilder.FilesShown"/>), with the reason.</summary>
    public IReadOnlyList<UnloadableView> Unloadable { get; init; } = [];

    /// <summary>How many there are in all.</summary>
    public int UnloadableCount { get; init; }

    /// <summary>The streams whose circuit breaker is open or half-open (passes skip them but for one trial load).</summary>
    public IReadOnlyList<BreakerView> Breakers { get; init; } = [];

    /// <summary>
    /// An open or half-open breaker: <see cref="Phase"/> <c>open</c> or <c>half-open</c>, until when
    /// passes skip the stream, since when, the failed loads in a row and the last error.
    /// </summary>
    public sealed record BreakerView(string Stream, string Phase, string Summary, DateTimeOffset? OpenUntil, DateTimeOffset? OpenedAt,
        int Failures, string? LastError, string? TrialOwner);

    public sealed record UnloadableView(string Key, string Tenant, string Reason, string Detail);

    /// <summary>
    /// <see cref="Status"/> is green, amber (lag past three quarters of its limit, or files waiting) or
    /// red (a check fails: an open breaker is one). <see cref="Breaker"/>: <c>closed</c>, <c>open</c>
    /// or <c>half-open</c>; <see cref="BreakerOpenUntil"/> while open.
    /// </summary>
    public sealed record StreamView(
        string Stream, string Tenant, string Table, string Status, double? LagSeconds, double MaxLagSeconds, DateTimeOffset? NewestData,
        long FilesCommitted, long FilesPending, long FilesQuarantined, long RowsCommitted, DateTimeOffset? LastLoad, LoadOutcome? LastOutcome,
        double? SuccessRate, double? IdempotencyHitRate, long? Duplicates, long? Violations, IReadOnlyList<string> Failing,
        long TieConflicts, string Breaker, DateTimeOffset? BreakerOpenUntil);

    public sealed record LoadView(
        string Stream, DateTimeOffset Finished, LoadOutcome Outcome, long FilesCommitted, long FilesQuarantined, long FilesAlreadyLoaded,
        long RowsRead, long Inserted, long Closed, long Unchanged, long Deleted, double Seconds, string Owner, string? Error,
        long TieConflicts);

    public sealed record HourView(DateTimeOffset Hour, long Inserted, long Closed, long Deleted, int Loads);

    public sealed record FileView(string Stream, string Key, DateTimeOffset At, string? Reason);
}
