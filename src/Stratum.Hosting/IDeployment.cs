using Stratum.Breaking;
using Stratum.Contracts;
using Stratum.Loading;
using Stratum.Objects;
using Stratum.Reading;
using Stratum.State;
using Stratum.Tenants;
using Stratum.Warehouse;

namespace Stratum.Hosting;

/// <summary>
/// What a host runs against: the adapters a deployment chose (objects, state, warehouse, tenants,
/// readers), its contracts, the loader's options and the streams' circuit breaker policy. The CLI builds one from its configuration
/// (<c>Workspace</c>); a Lambda handler or a test may build another. Hosting never picks an adapter.
/// </summary>
public interface IDeployment
{
    IObjectStore Objects { get; }

    IWarehouse Warehouse { get; }

    ITenantRegistry Tenants { get; }

    IReadOnlyList<TableContract> Contracts { get; }

    IReadOnlyList<IFileReader> Readers { get; }

    LoaderOptions LoaderOptions { get; }

    TimeProvider Clock { get; }

    /// <summary>
    /// When a stream's circuit breaker opens and how long passes skip it (the project file's
    /// <c>breaker:</c> section in the CLI). <see cref="BreakerPolicy.Default"/> unless a deployment says otherwise.
    /// </summary>
    BreakerPolicy Breaker => BreakerPolicy.Default;

    /// <summary>The state store, its tables created on first use.</summary>
    Task<IStateStore> StateAsync(CancellationToken cancellationToken);
}
