using Stratum.ClickHouse.Client;
using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Sql;

namespace Stratum.ClickHouse.Warehouse;

public sealed partial class ClickHouseWarehouse
{
    /// <summary>
    /// Builds the tenant's new partition in <c>&lt;table&gt;_stg_&lt;uuid&gt;</c> — the rows of keys the plan
    /// did not change, copied on the server, plus the new history of the changed keys, streamed —
    /// then swaps it in with one <c>REPLACE PARTITION</c> and drops the staging table. Until the
    /// swap the target is untouched; a crash before it leaves only a staging table for the sweep.
    /// One publisher per stream at a time (the loader's lease): a second one would overwrite the first.
    /// </summary>
    public async Task PublishAsync(TableContract contract, TenantId tenant, LoadPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(plan);
        var changed = plan.ChangedKeys.ToList();
        if (changed.Count == 0)
        {
            return;
        }
        var layout = await LayoutAsync(contract, cancellationToken);
        var target = Qualified(contract.Table);
        var stagingName = StagingTables.NewName(contract.Table, Guid.NewGuid());
        var staging = Qualified(stagingName);
        var tenantLiteral = SqlText.ClickHouseString(tenant.Value);
        var noDedup = new Dictionary<string, string> { ["insert_deduplicate"] = "0" };
        await _client.ExecuteAsync($"CREATE TABLE {staging} AS {target} {layout.EngineClause}", cancellationToken);
        try
        {
            if (await CountTenantRowsAsync(contract, tenant, cancellationToken) > 0)
            {
                var (keysTable, selectKeys) = layout.KeysTable(changed.Select(k => k.Key));
                await _client.ExecuteAsync(
                    $"INSERT INTO {staging} ({layout.ColumnList}) SELECT {layout.ColumnList} FROM {target}"
                    + $" WHERE {SqlText.Quote(layout.Tenant)} = {tenantLiteral} AND {layout.KeyTuple} NOT IN ({selectKeys})",
                    new QueryOptions { ExternalTables = [keysTable], Settings = noDedup }, cancellationToken);
            }
            await _client.InsertAsync($"INSERT INTO {staging} ({layout.ColumnList})", changed.SelectMany(k => k.Rows),
                (w, row) => layout.WriteRow(w, tenant.Value, row), new QueryOptions { Settings = noDedup }, cancellationToken);
            if (BeforeSwap is { } hook)
            {
                await hook(stagingName, cancellationToken);
            }
            await _client.ExecuteAsync($"ALTER TABLE {target} REPLACE PARTITION {tenantLiteral} FROM {staging}", cancellationToken);
        }
        finally
        {
            await DropStagingAsync(staging);
        }
    }

    private async Task DropStagingAsync(string staging)
    {
        try
        {
            await _client.ExecuteAsync($"DROP TABLE IF EXISTS {staging}", new QueryOptions { Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None);
        }
        catch (ClickHouseException e)
        {
            Log.StagingDropFailed(_log, staging, e.Message);
        }
    }
}
