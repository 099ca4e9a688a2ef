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
    /// <para>
    /// In parts: nothing is sent until the first chunk with changes; then the fence's revocation, the staging table, and a second staging table for the changed
    /// keys (engine Log, so a server restart cannot empty it), from which the commit knows which of
    /// the target's rows to copy. The keys are needed only when the tenant already has rows: an
    /// initial load streams its rows and swaps. A publication with no changes sends nothing.
    /// </para>
    /// </summary>
    public async Task<IPublication> BeginPublishAsync(TableContract contract, TenantId tenant, PublishFence? fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return new Publication(this, contract, tenant, fence, await LayoutAsync(contract, cancellationToken));
    }

    private sealed class Publication(ClickHouseWarehouse warehouse, TableContract contract, TenantId tenant, PublishFence? fence, TableLayout layout) : IPublication
    {
        private static readonly Dictionary<string, string> NoDedup = new() { ["insert_deduplicate"] = "0" };
        private Identifier? _staging;
        private Identifier? _keys;
        private bool _keysCreated;
        private bool _tenantHasRows;

        private ClickHouseClient Client => warehouse._client;

        public Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken)
            => warehouse.ReadHistoryAsync(contract, tenant, keys, cancellationToken);

        public Task AddAsync(IReadOnlyList<KeyPlan> changed, CancellationToken cancellationToken) => Fenced(async () =>
        {
            ArgumentNullException.ThrowIfNull(changed);
            if (changed.Count == 0)
            {
                return;
            }
            var staging = _staging ?? await StartAsync(cancellationToken);
            await Client.InsertAsync($"INSERT INTO {warehouse.Qualified(staging)} ({layout.ColumnList})", changed.SelectMany(k => k.Rows),
                (w, row) => layout.WriteRow(w, tenant.Value, row), new QueryOptions { Settings = NoDedup }, cancellationToken);
            if (_tenantHasRows)
            {
                if (!_keysCreated)
                {
                    await Client.ExecuteAsync($"CREATE TABLE {warehouse.Qualified(_keys!.Value)} ({layout.KeysTableColumns}) ENGINE = Log", cancellationToken);
                    _keysCreated = true;
                }
                await Client.InsertAsync($"INSERT INTO {warehouse.Qualified(_keys!.Value)}", changed.Select(k => k.Key), layout.WriteKey, null, cancellationToken);
            }
        });

        private async Task<Identifier> StartAsync(CancellationToken cancellationToken)
        {
            if (fence is not null)
            {
                await warehouse.RevokeOlderPublishersAsync(fence, cancellationToken);
            }
            Identifier NewStaging() => fence is null
                ? StagingTables.NewName(contract.Table, Guid.NewGuid())
                : StagingTables.ForPublish(fence.Stream, fence.Token, Guid.NewGuid());
            var staging = NewStaging();
            _keys = NewStaging();
            await Client.ExecuteAsync($"CREATE TABLE {warehouse.Qualified(staging)} AS {warehouse.Qualified(contract.Table)} {layout.EngineClause}", cancellationToken);
            _staging = staging; // from here on it is dropped whatever happens
            _tenantHasRows = await warehouse.CountTenantRowsAsync(contract, tenant, cancellationToken) > 0;
            return staging;
        }

        public Task CommitAsync(CancellationToken cancellationToken) => Fenced(async () =>
        {
            if (_staging is not { } staging)
            {
                return; // nothing changed
            }
            if (_tenantHasRows)
            {
                await Client.ExecuteAsync(
                    $"INSERT INTO {warehouse.Qualified(staging)} ({layout.ColumnList}) SELECT {layout.ColumnList} FROM {warehouse.Qualified(contract.Table)}"
                    + $" WHERE {SqlText.Quote(layout.Tenant)} = {ClickHouseSqlText.ClickHouseString(tenant.Value)} AND {layout.KeyTuple} NOT IN ({layout.SelectKeysFrom(warehouse.Qualified(_keys!.Value))})",
                    new QueryOptions { Settings = NoDedup }, cancellationToken);
            }
            if (fence is not null && !await fence.ConfirmAsync(cancellationToken))
            {
                throw new StalePublishException(fence.Stream, fence.Token, "was lost before the swap");
            }
            if (warehouse.BeforeSwap is { } hook)
            {
                await hook(staging, cancellationToken);
            }
            await Client.ExecuteAsync($"ALTER TABLE {warehouse.Qualified(contract.Table)} REPLACE PARTITION {ClickHouseSqlText.ClickHouseString(tenant.Value)} FROM {warehouse.Qualified(staging)}", cancellationToken);
        });

        /// <summary>A staging table that vanished under a fenced publish was dropped by a newer lease holder.</summary>
        private async Task Fenced(Func<Task> step)
        {
            try
            {
                await step();
            }
            catch (ClickHouseException e) when (fence is not null && e.ServerCode == UnknownTable)
            {
                throw new StalePublishException(fence.Stream, fence.Token, "was overtaken: a newer lease holder dropped its staging table before the swap");
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_staging is { } staging)
            {
                await warehouse.DropStagingAsync(warehouse.Qualified(staging));
            }
            if (_keysCreated)
            {
                await warehouse.DropStagingAsync(warehouse.Qualified(_keys!.Value));
            }
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
            $"SELECT name FROM system.tables WHERE database = {ClickHouseSqlText.ClickHouseString(Database.Value)} AND startsWith(name, {ClickHouseSqlText.ClickHouseString(prefix)})",
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
            var engine = await _client.QueryTsvAsync($"SELECT engine FROM system.databases WHERE name = {ClickHouseSqlText.ClickHouseString(Database.Value)}", null, cancellationToken);
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
