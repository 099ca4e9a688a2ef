using Stratum.Testing;
using Stratum.Testing.InMemory;
using Stratum.Warehouse;

namespace Stratum.Core.Tests.InMemory;

/// <summary>The warehouse contract, run against <see cref="InMemoryWarehouse"/>.</summary>
public sealed class InMemoryWarehouseContractTests : WarehouseContractTests
{
    protected override Task<IWarehouse> CreateAsync() => Task.FromResult<IWarehouse>(new InMemoryWarehouse());
}
