using Stratum.Audit;
using Stratum.Cleanup;
using Stratum.Contracts;
using Stratum.Names;
using static Stratum.Sql.SqlText;

namespace Stratum.DuckDb.Audit;

/// <summary>
/// <c>stratum migrate --execute</c> on DuckDB, one transaction: the rewritten keys' rows go to the
/// backup (role removed), the table's columns are brought to the new contract, the rebuilt rows go
/// to the backup (role written), the backup's <see cref="ApplyAsync"/> swaps them as for any cleanup,
/// and the new contract is stored with the cleanup id. A restore of it (<see cref="RestoreMigrationSchemaAsync"/>)
/// brings the columns and the stored contract back to the contract before.
/// </summary>
public sealed partial class DuckDbTableAuditor
{
    public override Task<AppliedCleanup> MigrateAsync(CleanupTicket ticket, TableContract stored, TableContract now, IReadOnlyList<TenantRewrite> rewrites, CancellationToken cancellationToken)
        => warehouse.WithConnectionAsync(async c =>
        {
            ArgumentNullException.ThrowIfNull(ticket);
            ArgumentNullException.ThrowIfNull(stored);
            ArgumentNullException.ThrowIfNull(now);
            ArgumentNullException.ThrowIfNull(rewrites);
            var table = now.Table;
            var scd = now.ScdColumns;
            var oldLayout = new TableLayout(stored);
            var newLayout = new TableLayout(now);
            var backup = await EnsureBackupAsync(c, table, cancellationToken);
            foreach (var col in newLayout.Columns)
            {
                await ExecAsync(c, $"ALTER TABLE {Quote(backup)} ADD COLUMN IF NOT EXISTS {Quote(col.Name)} {DuckDbTypes.Sql(col.Type)}", cancellationToken);
            }
            var keys = $"sa_mkeys_{Guid.NewGuid():N}";
            var keyCols = stored.Key.Select(k => (Name: k, Type: stored.Column(k.Value).Type)).ToList();
            await ExecAsync(c, $"CREATE TEMP TABLE {keys} ({Quote(scd.TenantId)} VARCHAR, {string.Join(", ", keyCols.Select(k => $"{Quote(k.Name)} {DuckDbTypes.Sql(k.Type)}"))})", cancellationToken);
            using (var appender = c.CreateAppender("temp", "main", keys))
            {
                foreach (var rewrite in rewrites)
                {
                    foreach (var key in rewrite.Keys)
                    {
                        var row = appender.CreateRow().AppendValue(rewrite.Tenant.Value);
                        for (var i = 0; i < keyCols.Count; i++)
                        {
                            TableLayout.AppendValue(row, keyCols[i].Type, key.Key.Values[i]);
                        }
                        row.EndRow();
                    }
                }
            }
            var keyList = string.Join(", ", [Quote(scd.TenantId), .. stored.Key.Select(Quote)]);
            var oldCols = string.Join(", ", oldLayout.Columns.Select(x => Quote(x.Name)));
            var newCols = string.Join(", ", newLayout.Columns.Select(x => Quote(x.Name)));
            var tenantText = $"CAST({Quote(scd.TenantId)} AS VARCHAR)";

            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            await ExecAsync(c, $"INSERT INTO {Quote(backup)} ({oldCols}, {BackupColumns}) SELECT {oldCols}, {Roles(ticket, BackupTables.Removed)}, {tenantText} "
                + $"FROM {Quote(table)} WHERE ({keyList}) IN (SELECT {keyList} FROM {keys})", cancellationToken);
            await AlignColumnsAsync(c, table, stored, now, cancellationToken);
            var stage = $"sa_mstage_{Guid.NewGuid():N}";
            await ExecAsync(c, $"CREATE TEMP TABLE {stage} AS SELECT {newCols} FROM {Quote(table)} LIMIT 0", cancellationToken);
            using (var appender = c.CreateAppender("temp", "main", stage))
            {
                foreach (var rewrite in rewrites)
                {
                    foreach (var row in rewrite.Keys.SelectMany(k => k.Rows))
                    {
                        newLayout.Append(appender.CreateRow(), rewrite.Tenant, row).EndRow();
                    }
                }
            }
            await ExecAsync(c, $"INSERT INTO {Quote(backup)} ({newCols}, {BackupColumns}) SELECT {newCols}, {Roles(ticket, BackupTables.Written)}, {tenantText} FROM {stage}", cancellationToken);
            var applied = await ApplyAsync(c, table, backup, ticket, BackupTables.Removed, BackupTables.Written, null, cancellationToken);
            await LogAsync(c, ticket, applied, "partition", cancellationToken);
            await ContractTable.WriteAsync(c, now, StoredContract.Origins.Migration, ticket.Id, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return applied;
        }, cancellationToken);

    /// <summary>
    /// Columns the target contract has and the table lacks are added (nullable: the rows there hold
    /// null), columns it lacks are dropped (their values are in the backup), and a column the target
    /// declares non-null is made so (the caller has put back rows that fill it).
    /// </summary>
    private static async Task AlignColumnsAsync(DuckDB.NET.Data.DuckDBConnection c, Identifier table, TableContract from, TableContract to, CancellationToken ct)
    {
        var fromLayout = new TableLayout(from);
        var toLayout = new TableLayout(to);
        foreach (var col in toLayout.Columns.Where(t => !fromLayout.Columns.Any(f => f.Name == t.Name)))
        {
            await ExecAsync(c, $"ALTER TABLE {Quote(table)} ADD COLUMN {Quote(col.Name)} {DuckDbTypes.Sql(col.Type)}", ct);
        }
        foreach (var col in fromLayout.Columns.Where(f => !toLayout.Columns.Any(t => t.Name == f.Name)))
        {
            await ExecAsync(c, $"ALTER TABLE {Quote(table)} DROP COLUMN {Quote(col.Name)}", ct);
        }
        foreach (var col in toLayout.Columns)
        {
            var before = fromLayout.Columns.FirstOrDefault(f => f.Name == col.Name);
            if (before is not null && before.Nullable != col.Nullable)
            {
                await ExecAsync(c, $"ALTER TABLE {Quote(table)} ALTER COLUMN {Quote(col.Name)} {(col.Nullable ? "DROP" : "SET")} NOT NULL", ct);
            }
        }
    }

    /// <summary>
    /// The restore of a migration, first thing in the restore's transaction (DuckDB refuses to commit
    /// an ALTER that follows changes to the same table's rows): the columns go back to the contract
    /// before the migration — its columns added back, the migration's dropped — and the contract the
    /// migration stored is forgotten. Returns the contract before, whose NOT NULL constraints
    /// <see cref="RestoreNotNullAsync"/> puts back once the rows are in.
    /// </summary>
    private static async Task<TableContract> RestoreMigrationSchemaAsync(DuckDB.NET.Data.DuckDBConnection c, CleanupRecord record, CancellationToken ct)
    {
        var history = await ContractTable.ReadAllAsync(c, record.Table, ct);
        var index = history.ToList().FindIndex(h => h.CleanupId == record.Id);
        if (index < 0 || index + 1 >= history.Count)
        {
            throw new StratumException($"migration {record.Id} of {record.Table}: its stored contract (or the one before it) is not in {ContractTable.Name}; nothing was changed");
        }
        if (index > 0)
        {
            throw new StratumException($"migration {record.Id} of {record.Table} is not the table's latest contract change; restore the later one ({history[0].CleanupId ?? history[0].Origin}) first");
        }
        var migrated = history[index].Parse();
        var before = history[index + 1].Parse();
        await AlignColumnsAsync(c, record.Table, migrated, Relaxed(before), ct);
        await ContractTable.DeleteAsync(c, record.Table, record.Id, ct);
        return before;
    }

    /// <summary>After the restore committed: the columns the contract before declares non-null are made so again.</summary>
    private static async Task RestoreNotNullAsync(DuckDB.NET.Data.DuckDBConnection c, Identifier table, TableContract before, CancellationToken ct)
        => await AlignColumnsAsync(c, table, Relaxed(before), before, ct);

    /// <summary>The contract with every business column nullable (the key and event time stay as declared).</summary>
    private static TableContract Relaxed(TableContract contract)
        => TableContract.Create(contract.Table,
            [.. contract.Columns.Select(col => contract.Key.Contains(col.Name) || col.Name == contract.EventTimeColumn ? col : col with { Nullable = true })],
            contract.Key, contract.EventTimeColumn, contract.ScdType, contract.Tracked, contract.Tombstone, contract.Snapshot, contract.EventTimeSource,
            scdColumns: contract.ScdColumns);
}
