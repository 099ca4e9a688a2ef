namespace Stratum.ClickHouse.Client;

/// <summary>
/// A ClickHouse request that failed: the server's error code where it sent one, the HTTP status,
/// the query id (to find it in <c>system.query_log</c>), and whether a retry can succeed
/// (<see cref="ClickHouseErrors.IsTransientCode"/>).
/// </summary>
public sealed class ClickHouseException : StratumException
{
    public ClickHouseException() { }

    public ClickHouseException(string message) : base(message) { }

    public ClickHouseException(string message, Exception? inner) : base(message, inner) { }

    public ClickHouseException(string message, int? serverCode, int? httpStatus, string? queryId, bool isTransient, Exception? inner = null)
        : base(message, isTransient, inner)
    {
        ServerCode = serverCode;
        HttpStatus = httpStatus;
        QueryId = queryId;
    }

    /// <summary>ClickHouse's error code (<c>Code: 62</c> is a syntax error), or null when the server sent none.</summary>
    public int? ServerCode { get; }

    public int? HttpStatus { get; }

    public string? QueryId { get; }
}
