using Stratum.Names;

namespace Stratum.Hosting.Doctor;

/// <summary>
/// Tries each adapter of a deployment the way a load will use it, and says what failed and how to
/// fix it (<c>stratum doctor</c>, like <c>dbt debug</c>): the contracts load; the object store lists
/// the tenant folders; the tenant registry answers; the state store opens and its conditional
/// writes hold (a second worker's lease on the same stream is refused); the warehouse answers and
/// the contracts' tables can be read. Each check has its own time limit; one that fails does not
/// stop the others. Nothing is loaded or changed, but a lease on <see cref="Stream"/> taken and released.
/// </summary>
public sealed class DeploymentDoctor(IDeployment deployment, TimeSpan? timeLimit = null)
{
    /// <summary>The stream the lease check uses: not a tenant's (tenant ids cannot start with "stratum-doctor" by accident; it is reserved here).</summary>
    public static readonly StreamId Stream = new(TenantId.Parse("stratum-doctor"), Identifier.Parse("lease_check"));

    private readonly TimeSpan _limit = timeLimit ?? TimeSpan.FromSeconds(20);

    public async Task<IReadOnlyList<DoctorCheck>> RunAsync(string objects, string state, string warehouse, string tenants, string contracts, CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck>();
        async Task Run(string component, string check, Func<CancellationToken, Task<string>> probe, string fix)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_limit);
            try
            {
                checks.Add(new DoctorCheck(component, check, true, await probe(limit.Token), null));
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                checks.Add(new DoctorCheck(component, check, false, $"no answer within {_limit.TotalSeconds:0} s", fix));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                checks.Add(new DoctorCheck(component, check, false, e is StratumException ? e.Message : $"{e.GetType().Name}: {e.Message}", fix));
            }
        }

        await Run("contracts", "load", _ => Task.FromResult($"{deployment.Contracts.Count} contract(s): {string.Join(", ", deployment.Contracts.Select(c => c.Table))}"),
            $"`stratum contract check {contracts}` names each problem with its file and line");
        await Run("objects", "list tenant folders", async ct =>
        {
            var folders = 0;
            await foreach (var _ in deployment.Objects.ListTenantFoldersAsync(ct))
            {
                folders++;
            }
            return $"{deployment.Objects.Describe}: {folders} folder(s) at the root";
        }, $"check the objects URL ({objects}) and its credentials (docs/configuration.md; for S3, docs/aws.md lists the permissions)");
        await Run("tenants", "list enabled", async ct =>
        {
            var enabled = await deployment.Tenants.ListEnabledAsync(ct);
            return $"{deployment.Tenants.Describe}: {enabled.Count} enabled{(enabled.Count > 0 ? $" ({string.Join(", ", enabled.Take(5))}{(enabled.Count > 5 ? ", …" : "")})" : "")}";
        }, $"check tenants ({tenants}): `auto` (folders with canonical/), a comma list, or dynamodb://TABLE");
        var stateOpened = false;
        await Run("state", "open", async ct =>
        {
            var store = await deployment.StateAsync(ct);
            stateOpened = true;
            return $"{store.Describe}: tables ready";
        }, $"check the state URL ({state}) and that its tables can be created or exist (docs/dynamodb.md for DynamoDB)");
        if (stateOpened)
        {
            await Run("state", "conditional write", async ct =>
            {
                var store = await deployment.StateAsync(ct);
                var owner = $"stratum-doctor-{Guid.NewGuid():N}"[..24];
                var lease = await store.TryAcquireLeaseAsync(Stream, owner, TimeSpan.FromSeconds(30), ct)
                    ?? throw new StratumException($"the lease of {Stream} is held by another doctor; try again in 30 s");
                try
                {
                    if (await store.TryAcquireLeaseAsync(Stream, owner + "-second", TimeSpan.FromSeconds(30), ct) is { } second)
                    {
                        await store.ReleaseLeaseAsync(second, ct);
                        throw new StratumException("a second worker was given a lease another holds: this store's conditional writes do not hold");
                    }
                }
                finally
                {
                    await store.ReleaseLeaseAsync(lease, ct);
                }
                return "a lease is given to one worker at a time (taken, refused to a second, released)";
            }, "use a state store whose writes are conditional (SQLite on a local disk, DynamoDB): without them concurrent workers load twice");
        }
        var answered = false;
        await Run("warehouse", "answer", async ct =>
        {
            await deployment.Warehouse.PingAsync(ct);
            answered = true;
            return deployment.Warehouse.Describe;
        }, $"check the warehouse URL ({warehouse}); for ClickHouse, the server, STRATUM_CLICKHOUSE_USER and STRATUM_CLICKHOUSE_PASSWORD (docs/clickhouse.md)");
        if (answered)
        {
            await Run("warehouse", "read the tables", async ct =>
            {
                var stored = 0;
                foreach (var c in deployment.Contracts)
                {
                    if (await deployment.Warehouse.ReadContractAsync(c.Table, ct) is not null)
                    {
                        stored++;
                    }
                }
                return $"{deployment.Contracts.Count} table(s) checked: {stored} exist, {deployment.Contracts.Count - stored} will be created by the first load";
            }, "the warehouse user needs to read (and, for the first load, create) the contracts' tables: docs/clickhouse.md lists the grants");
        }
        return checks;
    }
}
