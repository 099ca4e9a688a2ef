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
    private sealed class DroppingWarehouse(TestDatabase db) : IWarehouse
    {
        private IWarehouse Inner => db.Warehouse;

        public string Describe => Inner.Describe;

        public TimeSpan TimestampResolution => Inner.TimestampResolution;
    public Stratum.Reading.TimestampRange TimestampRange => Inner.TimestampRange;
    public Stratum.Reading.DateRange DateRange => Inner.DateRange;

        public Task EnsureTableAsync(TableContract contract, CancellationToken cancellationToken) => Inner.EnsureTableAsync(contract, cancellationToken);

        public Task<StoredContract?> ReadContractAsync(Identifier table, CancellationToken cancellationToken) => Inner.ReadContractAsync(table, cancellationToken);

        public Task StoreContractAsync(TableContract contract, string origin, CancellationToken cancellationToken) => Inner.StoreContractAsync(contract, origin, cancellationToken);

        public Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(TableContract contract, TenantId tenant, IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken)
            => Inner.ReadHistoryAsync(contract, tenant, keys, cancellationToken);

        public Task<IReadOnlyList<VersionRow>> ReadAllAsync(TableContract contract, TenantId tenant, CancellationToken cancellationToken)
            => Inner.ReadAllAsync(contract, tenant, cancellationToken);

        public Task PublishAsync(TableContract contract, TenantId tenant, LoadPlan plan, PublishFence? fence, CancellationToken cancellationToken)
            => Inner.PublishAsync(contract, tenant, plan, fence, cancellationToken);

        public Task<IPublication> BeginPublishAsync(TableContract contract, TenantId tenant, PublishFence? fence, CancellationToken cancellationToken)
            => Inner.BeginPublishAsync(contract, tenant, fence, cancellationToken);

        public Task<TableStats> GetStatsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
            => Inner.GetStatsAsync(contract, tenant, cancellationToken);

        public Task<InvariantCounts> CountProblemsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
            => Inner.CountProblemsAsync(contract, tenant, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken) => Inner.PingAsync(cancellationToken);

        public ValueTask DisposeAsync() => db.DisposeAsync();
    }
}
