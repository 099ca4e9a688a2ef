using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Testing;
using Stratum.Warehouse;

namespace Stratum.ClickHouse.Tests.Warehouse;

/// <summary>The warehouse contract suite against the real server, each test in its own database.</summary>
public sealed class ClickHouseWarehouseContractTests : WarehouseContractTests
{
    protected override async Task<IWarehouse> CreateAsync() => new DroppingWarehouse(await TestServer.CreateDatabaseAsync());

    /// <summary>The warehouse of a test database that is dropped when the test disposes it.</summary>
    private sealed class DroppingWarehouse(TestDatabase db) : DelegatingWarehouse(db.Warehouse)
    {
        public override ValueTask DisposeAsync() => db.DisposeAsync();
    }
}
