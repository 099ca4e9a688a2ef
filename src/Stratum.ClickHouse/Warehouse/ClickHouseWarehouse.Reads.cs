using Stratum.ClickHouse.Client;
using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Sql;
using Stratum.Warehouse;

namespace Stratum.ClickHouse.Warehouse;

public sealed partial class ClickHouseWarehouse
{
    public async Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(TableContract contract, TenantId tenant, IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }
        var layout = await LayoutAsync(contract, cancellationToken);
        if (await CountTenantRowsAsync(contract, tenant, cancellationToken) == 0)
        {
            return []; // an initial load: no need to ship the keys
        }
        var (keysTable, selectKeys) = layout.KeysTable(keys.Distinct());
        var sql = $"SELECT {layout.ReadColumnList} FROM {Qualified(contract.Table)}"
                  + $" WHERE {SqlText.Quote(layout.Tenant)} = {ClickHouseSqlText.ClickHouseString(tenant.Value)} AND {layout.KeyTuple} IN ({selectKeys})";
        return await _client.QueryRowBinaryAsync(sql, layout.ReadRow, new QueryOptions { ExternalTables = [keysTable] }, cancellationToken);
    }

    public async Task<IReadOnlyList<VersionRow>> ReadAllAsync(TableContract contract, TenantId tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var layout = await LayoutAsync(contract, cancellationToken);
        var sql = $"SELECT {layout.ReadColumnList} FROM {Qualified(contract.Table)} WHERE {SqlText.Quote(layout.Tenant)} = {ClickHouseSqlText.ClickHouseString(tenant.Value)}";
        return await _client.QueryRowBinaryAsync(sql, layout.ReadRow, null, cancellationToken);
    }

    public async Task<TableStats> GetStatsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var layout = await LayoutAsync(contract, cancellationToken);
        var scd = contract.ScdColumns;
        var keys = string.Join(", ", [SqlText.Quote(scd.TenantId), .. layout.KeyColumns.Select(k => SqlText.Quote(k.Name))]);
        var where = tenant is { } t ? $" WHERE {SqlText.Quote(scd.TenantId)} = {ClickHouseSqlText.ClickHouseString(t.Value)}" : "";
        var sql = $"SELECT count(), countIf({SqlText.Quote(scd.IsCurrent)} = 1), uniqExact({keys}), max({SqlText.Quote(scd.EffectiveDate)})"
                  + $" FROM {Qualified(contract.Table)}{where}";
        var effective = new WireType(UsesDateTime64 ? WireKind.DateTime64 : WireKind.DateTime, false);
        var rows = await _client.QueryRowBinaryAsync(sql, r => (Rows: r.ReadUInt64(), Current: r.ReadUInt64(), Keys: r.ReadUInt64(), Newest: (DateTime)effective.Read(r)!), null, cancellationToken);
        var s = rows.Single();
        return new TableStats((long)s.Rows, (long)s.Current, (long)s.Keys, s.Rows == 0 ? null : s.Newest);
    }

    /// <summary>Rows of a tenant: a count over one partition, answered from part metadata.</summary>
    private async Task<long> CountTenantRowsAsync(TableContract contract, TenantId tenant, CancellationToken cancellationToken)
    {
        var sql = $"SELECT count() FROM {Qualified(contract.Table)} WHERE {SqlText.Quote(contract.ScdColumns.TenantId)} = {ClickHouseSqlText.ClickHouseString(tenant.Value)}";
        return (long)(await _client.QueryRowBinaryAsync(sql, r => r.ReadUInt64(), null, cancellationToken)).Single();
    }

    /// <summary>Drops staging tables (<c>…_stg_&lt;uuid&gt;</c>) older than <paramref name="olderThan"/> by the
    /// server's clock: the leftovers of loads that crashed between staging and swap. Returns their names.</summary>
    public async Task<IReadOnlyList<string>> SweepStagingAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var seconds = (long)Math.Max(0, olderThan.TotalSeconds);
        var found = await _client.QueryTsvAsync(
            $"SELECT name FROM system.tables WHERE database = {ClickHouseSqlText.ClickHouseString(Database.Value)}"
            + $" AND match(name, {ClickHouseSqlText.ClickHouseString(StagingTables.Pattern)}) AND metadata_modification_time <= now() - {seconds}",
            null, cancellationToken);
        var dropped = new List<string>();
        foreach (var row in found.Rows)
        {
            if (row[0] is not { } name || !StagingTables.IsStaging(name) || !Identifier.TryParse(name, out var id, out _))
            {
                continue;
            }
            await _client.ExecuteAsync($"DROP TABLE IF EXISTS {Qualified(id)}", cancellationToken);
            Log.StagingSwept(_log, name, olderThan);
            dropped.Add(name);
        }
        return dropped;
    }
}
