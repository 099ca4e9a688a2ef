using Stratum.ClickHouse.Client;
using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Sql;
using Stratum.Warehouse;

namespace Stratum.ClickHouse.Warehouse;

public sealed partial class ClickHouseWarehouse
{
    /// <summary>ClickHouse's UNKNOWN_TABLE: the staging table of a swap was dropped by a newer lease holder.</summary>
    private const int UnknownTable = 60;

    private string? _dropSync;

    /// <summary>
    /// Builds the tenant's new partition in a staging table — the rows of keys the plan did not
    /// change, copied on the server, plus the new history of the changed keys, streamed — then
    /// swaps it in with one <c>REPLACE PARTITION</c> and drops the staging table. Until the swap the
    /// target is untouched; a crash before it leaves only a staging table for the sweep.
    /// <para>
    /// The fence (docs/clickhouse.md, "The fenced publish"): ClickHouse checks nothing at the swap,
    /// so the staging table itself is the capability to publish. Its name carries the stream and
    /// the lease token. A publish first drops (synchronously: in-flight swaps from them finish or
    /// fail first) every staging table of the stream from an older token, and is refused when one
    /// from a newer token exists; after its staging table is filled it confirms the lease with the
    /// state store, then swaps. A newer holder's acquisition follows that confirmation, so its drop
    /// sees the older staging table: an older swap lands before the newer holder builds its
    /// partition, or never (the swap fails, UNKNOWN_TABLE, and is reported as stale).
    /// </para>
    /// </summary>
    public async Task PublishAsync(TableContract contract, TenantId tenant, LoadPlan plan, PublishFence? fence, CancellationToken cancellationToken)
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
        if (fence is not null)
        {
            await RevokeOlderPublishersAsync(fence, cancellationToken);
        }
        var stagingName = fence is null
            ? StagingTables.NewName(contract.Table, Guid.NewGuid())
            : StagingTables.ForPublish(fence.Stream, fence.Token, Guid.NewGuid());
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
            if (fence is not null && !await fence.ConfirmAsync(cancellationToken))
            {
                throw new StalePublishException(fence.Stream, fence.Token, "was lost before the swap");
            }
            if (BeforeSwap is { } hook)
            {
                await hook(stagingName, cancellationToken);
            }
            try
            {
                await _client.ExecuteAsync($"ALTER TABLE {target} REPLACE PARTITION {tenantLiteral} FROM {staging}", cancellationToken);
            }
            catch (ClickHouseException e) when (fence is not null && e.ServerCode == UnknownTable)
            {
                throw new StalePublishException(fence.Stream, fence.Token, "was overtaken: a newer lease holder dropped its staging table before the swap");
            }
        }
        finally
        {
            await DropStagingAsync(staging);
        }
    }

    /// <summary>
    /// The fence's first step: drops the stream's staging tables from older lease tokens (and this
    /// token's leftovers from an earlier attempt) and refuses to go on when a newer token has one.
    /// </summary>
    private async Task RevokeOlderPublishersAsync(PublishFence fence, CancellationToken cancellationToken)
    {
        var prefix = StagingTables.StreamPrefix(fence.Stream);
        var found = await _client.QueryTsvAsync(
            $"SELECT name FROM system.tables WHERE database = {SqlText.ClickHouseString(Database.Value)} AND startsWith(name, {SqlText.ClickHouseString(prefix)})",
            null, cancellationToken);
        var older = new List<Identifier>();
        foreach (var row in found.Rows)
        {
            if (row[0] is not { } name || StagingTables.TokenOf(fence.Stream, name) is not { } token || !Identifier.TryParse(name, out var id, out _))
            {
                continue;
            }
            if (token > fence.Token)
            {
                throw new StalePublishException(fence.Stream, fence.Token, $"is older than token {token}, which is publishing (staging table {name})");
            }
            older.Add(id);
        }
        var sync = await DropSyncClauseAsync(cancellationToken);
        foreach (var id in older)
        {
            await _client.ExecuteAsync($"DROP TABLE IF EXISTS {Qualified(id)}{sync}", cancellationToken);
            Log.StagingRevoked(_log, id.Value, fence.Token);
        }
    }

    /// <summary>
    /// <c> SYNC</c> where the database is Atomic (current servers, Cloud): there a plain DROP only
    /// unlinks the table and a swap already holding it could still land; SYNC waits until nothing
    /// uses it. An Ordinary database (18.16) drops under the table's exclusive lock anyway.
    /// </summary>
    private async Task<string> DropSyncClauseAsync(CancellationToken cancellationToken)
    {
        if (_dropSync is null)
        {
            var engine = await _client.QueryTsvAsync($"SELECT engine FROM system.databases WHERE name = {SqlText.ClickHouseString(Database.Value)}", null, cancellationToken);
            var name = engine.Rows.Count > 0 ? engine.Rows[0][0] ?? "" : "";
            _dropSync = name is "Atomic" or "Replicated" ? " SYNC" : "";
        }
        return _dropSync;
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
