using Stratum.ClickHouse.Client;
using Stratum.ClickHouse.Warehouse;
using Stratum.Sql;

namespace Stratum.ClickHouse.Tests;

/// <summary>A test's own database with a warehouse on it; disposing drops the database.</summary>
internal sealed class TestDatabase(ClickHouseWarehouse warehouse) : IAsyncDisposable
{
    public ClickHouseWarehouse Warehouse { get; } = warehouse;

    public ClickHouseClient Client => Warehouse.Client;

    public string Name => Warehouse.Database.Value;

    public async Task<string?> ScalarAsync(string sql) => (await Client.QueryTsvAsync(sql, null, default)).Scalar;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.ExecuteAsync($"DROP DATABASE IF EXISTS {SqlText.Quote(Warehouse.Database)}", default);
        }
        finally
        {
            await Warehouse.DisposeAsync();
        }
    }
}
