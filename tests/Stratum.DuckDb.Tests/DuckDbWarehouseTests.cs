using Stratum.DuckDb;
using Stratum.Testing;
using Stratum.Warehouse;

namespace Stratum.DuckDb.Tests;

public sealed class DuckDbWarehouseTests : WarehouseContractTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-duckdb-").FullName;

    protected override Task<IWarehouse> CreateAsync()
        => Task.FromResult<IWarehouse>(new DuckDbWarehouse(Path.Combine(_dir, $"{Guid.NewGuid():N}.duckdb")));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
