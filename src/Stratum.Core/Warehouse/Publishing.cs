using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;

namespace Stratum.Warehouse;

/// <summary>The publish of one plan held whole, for every warehouse: one publication, one chunk.</summary>
public static class Publishing
{
    /// <summary>
    /// Replaces the history of the plan's changed keys atomically, fenced as
    /// <see cref="IWarehouse.BeginPublishAsync"/> documents; a plan without changes sends nothing.
    /// </summary>
    public static async Task PublishAsync(this IWarehouse warehouse, TableContract contract, TenantId tenant, LoadPlan plan, PublishFence? fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(plan);
        var changed = plan.ChangedKeys.ToList();
        if (changed.Count == 0)
        {
            return;
        }
        await using var publication = await warehouse.BeginPublishAsync(contract, tenant, fence, cancellationToken);
        await publication.AddAsync(changed, cancellationToken);
        await publication.CommitAsync(cancellationToken);
    }
}
