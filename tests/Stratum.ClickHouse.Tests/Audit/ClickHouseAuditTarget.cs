using Stratum.Cleanup;
using Stratum.Audit;
using Stratum.Simulation.Legacy;
using Stratum.ClickHouse.Audit;
using Stratum.Testing.Audit;
using Stratum.Warehouse;

namespace Stratum.ClickHouse.Tests.Audit;

/// <summary>The audit port on a fresh ClickHouse database of its own (dropped on dispose).</summary>
internal sealed class ClickHouseAuditTarget(TestDatabase db) : AuditTarget
{
    public static async Task<ClickHouseAuditTarget> CreateAsync() => new(await TestServer.CreateDatabaseAsync());

    public TestDatabase Database { get; } = db;

    public override ITableRewriter Auditor { get; } = new ClickHouseTableAuditor(db.Warehouse);

    public override ILegacyTableWriter Writer { get; } = new ClickHouseLegacyTables(db.Warehouse);

    public override IWarehouse Warehouse => Database.Warehouse;

    public override ValueTask DisposeAsync() => Database.DisposeAsync();
}
