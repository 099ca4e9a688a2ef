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
/// readers), its contracts and the loader's options. The CLI builds one from its configuration
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

    /// <summary>The state store, its tables created on first use.</summary>
    Task<IStateStore> StateAsync(CancellationToken cancellationToken);
}
