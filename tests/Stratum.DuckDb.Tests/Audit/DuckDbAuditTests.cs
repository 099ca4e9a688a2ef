using Stratum.Cleanup;
using Stratum.Audit;
using Stratum.Simulation.Legacy;
using Stratum.DuckDb.Audit;
using Stratum.Testing.Audit;
using Stratum.Warehouse;

namespace Stratum.DuckDb.Tests.Audit;

public sealed class DuckDbAuditTests : AuditContractTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-audit-").FullName;

    protected override Task<AuditTarget> CreateAsync()
        => Task.FromResult<AuditTarget>(new Target(new DuckDbWarehouse(Path.Combine(_dir, $"{Guid.NewGuid():N}.duckdb"))));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Target(DuckDbWarehouse warehouse) : AuditTarget
    {
        public override ITableRewriter Auditor { get; } = new DuckDbTableAuditor(warehouse);

        public override ILegacyTableWriter Writer { get; } = new DuckDbLegacyTables(warehouse);

        public override IWarehouse Warehouse => warehouse;

        public override ValueTask DisposeAsync() => warehouse.DisposeAsync();
    }
}
