using static Stratum.ClickHouse.ClickHouseSqlText;
using Stratum.Audit;
using Stratum.Audit.Sql;
using Stratum.ClickHouse.Client;
using Stratum.ClickHouse.Warehouse;
using Stratum.Cleanup;
using Stratum.Names;
using static Stratum.Sql.SqlText;

namespace Stratum.ClickHouse.Audit;

public sealed partial class ClickHouseTableAuditor
{
    private static readonly QueryOptions NoDedup = new() { Settings = new Dictionary<string, string> { ["insert_deduplicate"] = "0" } };

    public override async Task<AppliedCleanup> RemoveDuplicatesAsync(AuditScope scope, CleanupTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(ticket);
        var q = new AuditQueries(Dialect, scope);
        var c = scope.Columns;
        var backup = await EnsureBackupAsync(scope.Table.Table, cancellationToken);
        string removed;
        if (c.Metadata.Count == 0)
        {
            // Rows identical in every column: n − 1 copies of the row go to the backup.
            removed = $"SELECT {q.AllColumns}, {Tags(ticket, BackupTables.Removed)}, sa_p FROM (SELECT {q.AllColumns}, _partition_id AS sa_p, count() AS sa_n "
                      + $"FROM {q.From} GROUP BY sa_p, {q.AllColumns} HAVING sa_n > 1) ARRAY JOIN range(toUInt64(sa_n - 1)) AS sa_r";
        }
        else
        {
            var spanning = await QueryAsync($"SELECT count() FROM (SELECT uniqExact(_partition_id) AS sa_u FROM {q.From} GROUP BY {q.Identity} HAVING sa_u > 1)", cancellationToken);
            if (L(spanning[0][0]) > 0)
            {
                throw new AuditSetupException($"{L(spanning[0][0])} duplicate groups of {scope.Table.Table} span partitions (its partition key uses a load-time or lineage column); "
                    + "such groups cannot be repaired partition by partition");
            }
            // Copies differ only in write metadata: keep the first written (load time, then lineage), back up the rest.
            var meta = c.Metadata.Select(m => m.Name).ToList();
            var select = c.All.Select(col => meta.IndexOf(col.Name) is var i and >= 0 ? $"tupleElement(sa_m, {i + 1})" : Quote(col.Name));
            removed = $"SELECT {string.Join(", ", select)}, {Tags(ticket, BackupTables.Removed)}, sa_p FROM (SELECT {q.Identity}, _partition_id AS sa_p, "
                      + $"arraySort(groupArray(tuple({string.Join(", ", meta.Select(Quote))}))) AS sa_ms, count() AS sa_n FROM {q.From} GROUP BY sa_p, {q.Identity} "
                      + "HAVING sa_n > 1) ARRAY JOIN arraySlice(sa_ms, 2) AS sa_m";
        }
        await Client.ExecuteAsync($"INSERT INTO {Dialect.Table(backup)} ({q.AllColumns}, {BackupColumns}) {removed}", NoDedup, cancellationToken);
        return await RunAsync(ticket, c.Schema, cancellationToken);
    }

    public override async Task<AppliedCleanup> RewriteHistoriesAsync(AuditScope scope, CleanupTicket ticket, RebuildPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(plan);
        var q = new AuditQueries(Dialect, scope);
        var backup = await EnsureBackupAsync(scope.Table.Table, cancellationToken);
        var keys = StagingTables.NewName(Identifier.Parse("sa_keys"), Guid.NewGuid());
        var decisions = StagingTables.NewName(Identifier.Parse("sa_decisions"), Guid.NewGuid());
        var rebuilt = StagingTables.NewName(scope.Table.Table, Guid.NewGuid());
        try
        {
            await Client.ExecuteAsync($"CREATE TABLE {Dialect.Table(keys)} (sa_t String, sa_kt String) ENGINE = Memory", cancellationToken);
            await Client.InsertAsync($"INSERT INTO {Dialect.Table(keys)} (sa_t, sa_kt)", plan.Keys, (w, k) =>
            {
                w.WriteString(k.Tenant);
                w.WriteString(k.Key);
            }, NoDedup, cancellationToken);
            await Client.ExecuteAsync($"CREATE TABLE {Dialect.Table(decisions)} (sa_r UInt64, sa_ne Int64, sa_nx Nullable(Int64), sa_nc UInt8, sa_nv Int64) ENGINE = Memory", cancellationToken);
            await Client.InsertAsync($"INSERT INTO {Dialect.Table(decisions)} (sa_r, sa_ne, sa_nx, sa_nc, sa_nv)", plan.Decisions, (w, d) =>
            {
                w.WriteUInt64(d.RowHash);
                w.WriteInt64(Micros(d.Effective));
                w.WriteNullFlag(d.Expiration is null);
                if (d.Expiration is { } x)
                {
                    w.WriteInt64(Micros(x));
                }
                w.WriteBool(d.IsCurrent);
                w.WriteInt64(d.RecordVersion);
            }, NoDedup, cancellationToken);
            var ofKeys = (scope.Tenant is null ? " WHERE " : " AND ") + $"({q.TenantText}, {q.KeyText}) IN (SELECT sa_t, sa_kt FROM {Dialect.Table(keys)})";
            await Client.ExecuteAsync($"CREATE TABLE {Dialect.Table(rebuilt)} AS {Dialect.Table(scope.Table.Table)}", cancellationToken);
            await Client.ExecuteAsync($"INSERT INTO {Dialect.Table(rebuilt)} ({q.AllColumns}) SELECT {string.Join(", ", q.RebuiltColumns("", ""))} FROM "
                + $"(SELECT {q.AllColumns}, {Dialect.RowHash(scope.Columns.All)} AS sa_r FROM {q.From}{ofKeys} LIMIT 1 BY sa_r) "
                + $"ANY INNER JOIN (SELECT sa_r, sa_ne, sa_nx, sa_nc, sa_nv FROM {Dialect.Table(decisions)}) USING sa_r", NoDedup, cancellationToken);
            var written = L((await QueryAsync($"SELECT count() FROM {Dialect.Table(rebuilt)}", cancellationToken))[0][0]);
            if (written != plan.Decisions.Count)
            {
                throw new StratumException($"the rebuild planned {plan.Decisions.Count} rows but found {written} of their source rows: {scope.Table.Table} changed since it was read; nothing was changed");
            }
            await Client.ExecuteAsync($"INSERT INTO {Dialect.Table(backup)} ({q.AllColumns}, {BackupColumns}) SELECT {q.AllColumns}, {Tags(ticket, BackupTables.Removed)}, _partition_id "
                + $"FROM {q.From}{ofKeys}", NoDedup, cancellationToken);
            await Client.ExecuteAsync($"INSERT INTO {Dialect.Table(backup)} ({q.AllColumns}, {BackupColumns}) SELECT {q.AllColumns}, {Tags(ticket, BackupTables.Written)}, _partition_id "
                + $"FROM {Dialect.Table(rebuilt)}", NoDedup, cancellationToken);
        }
        finally
        {
            await DropAsync(keys);
            await DropAsync(decisions);
            await DropAsync(rebuilt);
        }
        return await RunAsync(ticket, scope.Columns.Schema, cancellationToken);
    }

    public override async Task<AppliedCleanup> RestoreAsync(CleanupRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var schema = await DescribeTableAsync(record.Table, cancellationToken) ?? throw new StratumException($"table {record.Table} does not exist in {Describe}");
        var ticket = new CleanupTicket(record.Id, record.Kind, record.Table, record.At, record.Before ?? new TableChecksum(0, "0"));
        var applied = record.Kind == CleanupKind.Migration
            ? await RestoreMigrationAsync(record, ticket, cancellationToken)
            : await ApplyAsync(ticket, schema, BackupTables.Written, BackupTables.Removed, record.Partitions, "partition_restored", cancellationToken);
        await Client.ExecuteAsync(LogInsert(ticket, "restored", "", applied.RowsRemoved, applied.RowsWritten), cancellationToken);
        return applied;
    }

    /// <summary>Logs the start, applies the backup's removed/written rows partition by partition, logs the end.</summary>
    private async Task<AppliedCleanup> RunAsync(CleanupTicket ticket, TableSchema schema, CancellationToken ct)
    {
        var totals = (await QueryAsync($"SELECT {Role(BackupTables.Removed)}, {Role(BackupTables.Written)} FROM {Dialect.Table(BackupTables.NameFor(ticket.Table))} "
            + $"WHERE {Quote(BackupTables.CleanupIdColumn)} = {ClickHouseString(ticket.Id)}", ct))[0];
        await Client.ExecuteAsync(LogInsert(ticket, "started", "", L(totals[0]), L(totals[1])), ct);
        var applied = await ApplyAsync(ticket, schema, BackupTables.Removed, BackupTables.Written, null, "partition", ct);
        await Client.ExecuteAsync(LogInsert(ticket, "executed", "", applied.RowsRemoved, applied.RowsWritten), ct);
        return applied;
    }

    private static string Role(string role) => $"countIf({Quote(BackupTables.RoleColumn)} = {ClickHouseString(role)})";

    private static string BackupColumns => $"{Quote(BackupTables.CleanupIdColumn)}, {Quote(BackupTables.RoleColumn)}, {Quote(BackupTables.PartitionColumn)}";

    private static string Tags(CleanupTicket ticket, string role) => $"{ClickHouseString(ticket.Id)}, {ClickHouseString(role)}";

    private static long Micros(DateTime t) => (t.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private async Task<Identifier> EnsureBackupAsync(Identifier table, CancellationToken ct)
    {
        var backup = BackupTables.NameFor(table);
        await Client.ExecuteAsync($"CREATE TABLE IF NOT EXISTS {Dialect.Table(backup)} ENGINE = MergeTree PARTITION BY {Quote(BackupTables.CleanupIdColumn)} "
            + $"ORDER BY ({Quote(BackupTables.CleanupIdColumn)}, {Quote(BackupTables.PartitionColumn)}) "
            + $"AS SELECT *, CAST('' AS String) AS {Quote(BackupTables.CleanupIdColumn)}, CAST('' AS String) AS {Quote(BackupTables.RoleColumn)}, "
            + $"CAST('' AS String) AS {Quote(BackupTables.PartitionColumn)} FROM {Dialect.Table(table)} WHERE 0", ct);
        await Client.ExecuteAsync($"CREATE TABLE IF NOT EXISTS {Dialect.Table(BackupTables.Log)} (cleanup_id String, table_name String, kind String, event String, "
            + "partition_id String, at_us Int64, rows_removed Int64, rows_written Int64, checksum_rows Int64, checksum_sum String) ENGINE = MergeTree ORDER BY (cleanup_id, at_us)", ct);
        return backup;
    }

    private async Task DropAsync(Identifier table)
    {
        try
        {
            await Client.ExecuteAsync($"DROP TABLE IF EXISTS {Dialect.Table(table)}", new QueryOptions { Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None);
        }
        catch (ClickHouseException)
        {
            // the staging sweep drops it later (its name matches StagingTables.Pattern)
        }
    }
}
