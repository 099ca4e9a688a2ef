using Stratum.Audit;
using Stratum.Audit.Fixtures;

namespace Stratum.Testing.Audit;

/// <summary>A fresh, isolated warehouse (its own database or file) with its audit port and legacy-table writer.</summary>
public abstract class AuditTarget : IAsyncDisposable
{
    public abstract ITableAuditor Auditor { get; }

    public abstract ILegacyTableWriter Writer { get; }

    public abstract ValueTask DisposeAsync();
}
