using static Stratum.ClickHouse.ClickHouseSqlText;
using Stratum.Audit;
using Stratum.ClickHouse.Client;
using Stratum.ClickHouse.Warehouse;
using Stratum.Cleanup;
using Stratum.Contracts;
using Stratum.Names;
using static Stratum.Sql.SqlText;

namespace Stratum.ClickHouse.Audit;

/// <summary>
/// <c>stratum migrate --execute</c> on ClickHouse, which has no transactions, in an order where every
/// step before the swap can fail and leave the table's rows as they were: the rewritten keys' rows go
/// to the backup (role removed; the backup first gets the new contract's columns), the table's columns
/// are brought to the new contract (ADD COLUMN: the stored rows read null; DROP COLUMN; Nullable), the
/// rebuilt rows go to the backup (role written), and the cleanup's <see cref="ApplyAsync"/> swaps each
/// affected partition in with REPLACE PARTITION. The new contract is stored last, with the cleanup id:
/// until then loads keep refusing the stream. A failure after the columns changed and before the swap
/// leaves new nullable columns in place and the old contract stored; running migrate again goes on.
/// </summary>
public sealed partial class ClickHouseTableAuditor
{
    public override async Task<AppliedCleanup> MigrateAsync(CleanupTicket ticket, TableContract stored, TableContract now, IReadOnlyList<TenantRewrite> rewrites, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(rewrites);
        var oldLayout = warehouse.Layout(stored);
        var newLayout = warehouse.Layout(now);
        var table = Dialect.Table(now.Table);
        var backup = await EnsureBackupAsync(now.Table, cancellationToken);
        var backupSchema = await DescribeTableAsync(backup, cancellationToken) ?? throw new StratumException($"backup table {backup} is missing");
        foreach (var col in newLayout.Columns)
        {
            var existing = backupSchema.Find(col.Name);
            if (existing is null)
            {
                await Client.ExecuteAsync($"ALTER TABLE {Dialect.Table(backup)} ADD COLUMN {Quote(col.Name)} {col.Type.TypeName}", cancellationToken);
            }
            else if (col.Type.Nullable && !existing.Type.StartsWith("Nullable(", StringComparison.Ordinal))
            {
                await Client.ExecuteAsync($"ALTER TABLE {Dialect.Table(backup)} MODIFY COLUMN {Quote(col.Name)} {col.Type.TypeName}", cancellationToken);
            }
        }
        var oldCols = string.Join(", ", oldLayout.Columns.Select(c => Quote(c.Name)));
        foreach (var rewrite in rewrites.Where(r => r.Keys.Count > 0))
        {
            var (keysTable, selectKeys) = oldLayout.KeysTable(rewrite.Keys.Select(k => k.Key));
            await Client.ExecuteAsync($"INSERT INTO {Dialect.Table(backup)} ({oldCols}, {BackupColumns}) SELECT {oldCols}, {Tags(ticket, BackupTables.Removed)}, _partition_id "
                + $"FROM {table} WHERE {Quote(oldLayout.Tenant)} = {ClickHouseString(rewrite.Tenant.Value)} AND {oldLayout.KeyTuple} IN ({selectKeys})",
                new QueryOptions { ExternalTables = [keysTable], Settings = NoDedup.Settings }, cancellationToken);
        }
        await AlignColumnsAsync(now.Table, oldLayout, newLayout, cancellationToken);
        var rebuilt = StagingTables.NewName(now.Table, Guid.NewGuid());
        try
        {
            await Client.ExecuteAsync($"CREATE TABLE {Dialect.Table(rebuilt)} AS {table} {newLayout.EngineClause}", cancellationToken);
            foreach (var rewrite in rewrites.Where(r => r.Keys.Count > 0))
            {
                await Client.InsertAsync($"INSERT INTO {Dialect.Table(rebuilt)} ({newLayout.ColumnList})", rewrite.Keys.SelectMany(k => k.Rows),
                    (w, row) => newLayout.WriteRow(w, rewrite.Tenant.Value, row), NoDedup, cancellationToken);
            }
            await Client.ExecuteAsync($"INSERT INTO {Dialect.Table(backup)} ({newLayout.ColumnList}, {BackupColumns}) SELECT {newLayout.ColumnList}, {Tags(ticket, BackupTables.Written)}, _partition_id "
                + $"FROM {Dialect.Table(rebuilt)}", NoDedup, cancellationToken);
        }
        finally
        {
            await DropAsync(rebuilt);
        }
        var schema = await DescribeTableAsync(now.Table, cancellationToken) ?? throw new StratumException($"table {now.Table} does not exist in {Describe}");
        var applied = await RunAsync(ticket, schema, cancellationToken);
        await warehouse.StoreContractAsync(now, StoredContract.Origins.Migration, ticket.Id, cancellationToken);
        return applied;
    }

    /// <summary>Adds the columns only <paramref name="to"/> has (<paramref name="add"/>), drops those only
    /// <paramref name="from"/> has and changes nullability where the two differ (<paramref name="drop"/>).</summary>
    private async Task AlignColumnsAsync(Identifier tableName, TableLayout from, TableLayout to, CancellationToken ct, bool add = true, bool drop = true)
    {
        var table = Dialect.Table(tableName);
        if (add)
        {
            foreach (var col in to.Columns.Where(t => !from.Columns.Any(f => f.Name == t.Name)))
            {
                await Client.ExecuteAsync($"ALTER TABLE {table} ADD COLUMN {Quote(col.Name)} {col.Type.TypeName}", ct);
            }
        }
        if (drop)
        {
            foreach (var col in from.Columns.Where(f => !to.Columns.Any(t => t.Name == f.Name)))
            {
                await Client.ExecuteAsync($"ALTER TABLE {table} DROP COLUMN {Quote(col.Name)}", ct);
            }
            foreach (var col in to.Columns)
            {
                if (from.Columns.FirstOrDefault(f => f.Name == col.Name) is { } before && before.Type.Nullable != col.Type.Nullable)
                {
                    await Client.ExecuteAsync($"ALTER TABLE {table} MODIFY COLUMN {Quote(col.Name)} {col.Type.TypeName}", ct);
                }
            }
        }
    }

    /// <summary>
    /// The restore of a migration: the columns of the contract before it are added back, the backup is
    /// applied in reverse (the rows before it return with their values), the migration's columns are
    /// dropped, and the contract before is stored again (origin <c>restore</c>; the log is append-only).
    /// </summary>
    private async Task<AppliedCleanup> RestoreMigrationAsync(CleanupRecord record, CleanupTicket ticket, CancellationToken ct)
    {
        var history = await warehouse.ContractHistoryAsync(record.Table, ct);
        if (history.Count < 2 || history[0].CleanupId != record.Id || history[0].Origin != StoredContract.Origins.Migration)
        {
            throw new StratumException($"migration {record.Id} of {record.Table} is not the table's latest contract change "
                + $"(latest: {(history.Count == 0 ? "none" : history[0].Origin + " " + history[0].CleanupId)}); restore the later one first. Nothing was changed");
        }
        var migrated = warehouse.Layout(history[0].Parse());
        var before = history[1].Parse();
        var beforeLayout = warehouse.Layout(before);
        await AlignColumnsAsync(record.Table, migrated, beforeLayout, ct, add: true, drop: false);
        var schema = await DescribeTableAsync(record.Table, ct) ?? throw new StratumException($"table {record.Table} does not exist in {Describe}");
        var applied = await ApplyAsync(ticket, schema, BackupTables.Written, BackupTables.Removed, record.Partitions, "partition_restored", ct);
        await AlignColumnsAsync(record.Table, migrated, beforeLayout, ct, add: false, drop: true);
        await warehouse.StoreContractAsync(before, StoredContract.Origins.Restore, record.Id, ct);
        return applied;
    }
}
