using Microsoft.Extensions.Logging;

namespace Stratum.Hosting.Serve;

/// <summary>Every log message of <c>stratum serve</c>, with stable event ids. No secrets: adapters describe themselves without credentials.</summary>
internal static partial class ServeLog
{
    [LoggerMessage(1, LogLevel.Information, "stratum serve {Version}: listening on {Url}; loading {Schedule}, jitter up to {Jitter}; objects {Objects}, state {State}, warehouse {Warehouse}")]
    public static partial void Started(this ILogger logger, string version, string url, string schedule, string jitter, string objects, string state, string warehouse);

    [LoggerMessage(2, LogLevel.Information, "cycle: {Streams} streams, {Loaded} loaded, {UpToDate} up to date, {Skipped} held by another worker, {Failed} failed, {BreakerOpen} skipped (breaker open), {RowsInserted} rows inserted, in {Seconds:0.00}s")]
    public static partial void CycleDone(this ILogger logger, int streams, int loaded, int upToDate, int skipped, int failed, int breakerOpen, long rowsInserted, double seconds);

    [LoggerMessage(3, LogLevel.Warning, "{Stream}: {Outcome}: {Error}")]
    public static partial void LoadProblem(this ILogger logger, string stream, string outcome, string? error);

    [LoggerMessage(4, LogLevel.Error, "cycle failed, trying again at the next start: {Error}")]
    public static partial void CycleFailed(this ILogger logger, string error);

    [LoggerMessage(5, LogLevel.Warning, "{Count} checks failing: {Failures}")]
    public static partial void ChecksFailing(this ILogger logger, int count, string failures);

    [LoggerMessage(6, LogLevel.Information, "stopping: loads finish their current batch, then release their leases")]
    public static partial void Stopping(this ILogger logger);

    [LoggerMessage(7, LogLevel.Information, "stopped")]
    public static partial void Stopped(this ILogger logger);

    [LoggerMessage(8, LogLevel.Information, "next cycle at {Next:yyyy-MM-dd HH:mm:ss}Z")]
    public static partial void NextCycle(this ILogger logger, DateTime next);

    [LoggerMessage(9, LogLevel.Warning, "{Stream}: circuit breaker {From} -> {To}: {Reason}")]
    public static partial void BreakerOpened(this ILogger logger, string stream, string from, string to, string reason);

    [LoggerMessage(10, LogLevel.Information, "{Stream}: circuit breaker {From} -> {To}: {Reason}")]
    public static partial void BreakerChanged(this ILogger logger, string stream, string from, string to, string reason);

    /// <summary>A transition: a warning when the breaker opens (or re-opens), information otherwise.</summary>
    public static void Breaker(this ILogger logger, Breaking.BreakerTransition t)
    {
        var (from, to) = (Breaking.BreakerTransition.Text(t.From), Breaking.BreakerTransition.Text(t.To));
        if (t.To == State.BreakerPhase.Open)
        {
            logger.BreakerOpened(t.Stream.Key, from, to, t.Reason);
        }
        else
        {
            logger.BreakerChanged(t.Stream.Key, from, to, t.Reason);
        }
    }
}
