namespace Stratum.ClickHouse.Client;

/// <summary>Per-query settings (sent as URL parameters), data tables sent with the query, a timeout
/// other than the client's default, and a query id (generated when null).</summary>
public sealed record QueryOptions
{
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<ExternalTable> ExternalTables { get; init; } = [];

    public TimeSpan? Timeout { get; init; }

    public string? QueryId { get; init; }

    public static QueryOptions Default { get; } = new();
}
