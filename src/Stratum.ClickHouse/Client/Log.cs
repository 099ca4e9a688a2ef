using Microsoft.Extensions.Logging;

namespace Stratum.ClickHouse.Client;

/// <summary>The ClickHouse client's log messages, with stable event ids (3100–3199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "ClickHouse query {QueryId}: {Statement}")]
    public static partial void QueryStarting(ILogger logger, string queryId, string statement);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "ClickHouse query {QueryId} done in {Seconds:0.000} s")]
    public static partial void QueryDone(ILogger logger, string queryId, double seconds);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "ClickHouse query {QueryId} failed (code {Code}, HTTP {Status}, transient {Transient}): {Error}")]
    public static partial void QueryFailed(ILogger logger, string queryId, int? code, int? status, bool transient, string error);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "ClickHouse query {QueryId} timed out after {Seconds:0.0} s; asked the server to kill it")]
    public static partial void QueryTimedOut(ILogger logger, string queryId, double seconds);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "ClickHouse server {Endpoint} is version {Version}")]
    public static partial void ServerVersion(ILogger logger, string endpoint, string version);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "Dropped orphaned staging table {Table} (older than {MaxAge})")]
    public static partial void StagingSwept(ILogger logger, string table, TimeSpan maxAge);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "Could not drop staging table {Table}; the sweep will: {Error}")]
    public static partial void StagingDropFailed(ILogger logger, string table, string error);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Information, Message = "Fence: dropped staging table {Table} of an older lease than token {Token}")]
    public static partial void StagingRevoked(ILogger logger, string table, long token);
}
