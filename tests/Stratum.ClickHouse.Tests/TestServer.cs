using Stratum.ClickHouse.Client;
using Stratum.ClickHouse.Warehouse;
using Stratum.Names;
using Stratum.Testing;

namespace Stratum.ClickHouse.Tests;

/// <summary>
/// The ClickHouse server the tests use: STRATUM_TEST_CLICKHOUSE (printed by
/// scripts/services/clickhouse.sh start). Each test gets its own database, dropped when it ends.
/// </summary>
internal static class TestServer
{
    public const string HowToStart = "eval \"$(bash scripts/services/clickhouse.sh start)\"";

    private static readonly Lazy<Task<bool>> Reachable = new(PingAsync);

    public static Uri? Url => Environment.GetEnvironmentVariable("STRATUM_TEST_CLICKHOUSE") is { Length: > 0 } u ? new Uri(u) : null;

    public static async Task RequireAsync()
        => ServerRequirement.Require(await Reachable.Value, $"ClickHouse (STRATUM_TEST_CLICKHOUSE={Url?.ToString() ?? "unset"})", HowToStart);

    public static ClickHouseOptions Options(Identifier database) => new()
    {
        Endpoint = Url ?? throw new InvalidOperationException("STRATUM_TEST_CLICKHOUSE is not set"),
        Database = database,
        QueryTimeout = TimeSpan.FromSeconds(60),
    };

    public static Identifier NewDatabaseName() => Identifier.Parse("stratum_test_" + Guid.NewGuid().ToString("N")[..16]);

    /// <summary>A fresh, empty database and a warehouse on it; dispose the result to drop it.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(ClickHouseOptions? overrides = null)
    {
        await RequireAsync();
        var name = NewDatabaseName();
        var options = (overrides ?? Options(name)) with { Database = name };
        var warehouse = await ClickHouseWarehouse.OpenAsync(options, null, null, default);
        await warehouse.Client.ExecuteAsync($"CREATE DATABASE {Stratum.Sql.SqlText.Quote(name)}", default);
        return new TestDatabase(warehouse);
    }

    private static async Task<bool> PingAsync()
    {
        if (Url is not { } url)
        {
            return false;
        }
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var answer = await http.GetStringAsync(new Uri(url, "/ping"));
            return answer.StartsWith("Ok", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
