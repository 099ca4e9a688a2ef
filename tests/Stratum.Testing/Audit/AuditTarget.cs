using Stratum.Cleanup;
using Stratum.Audit;
using Stratum.Simulation.Legacy;
using Stratum.Warehouse;

namespace Stratum.Testing.Audit;

/// <summary>A fresh, isolated warehouse (its own database or file) with its audit port and legacy-table writer.</summary>
public abstract class AuditTarget : IAsyncDisposable
{
    public abstract ITableRewriter Auditor { get; }

    public abstract ILegacyTableWriter Writer { get; }

    /// <summary>The same warehouse as Stratum's loader sees it (for audits of Stratum's own tables).</summary>
    public abstract IWarehouse Warehouse { get; }

    public abstract ValueTask DisposeAsync();
}
