using System.Globalization;
using DuckDB.NET.Data;
using Stratum.Audit;
using Stratum.Audit.Sql;
using Stratum.Cleanup;
using Stratum.Names;
using static Stratum.Sql.SqlText;

namespace Stratum.DuckDb.Audit;

public sealed partial class DuckDbTableAuditor
{
    public override Task<AppliedCleanup> RemoveDuplicatesAsync(AuditScope scope, CleanupTicket ticket, CancellationToken cancellationToken)
        => warehouse.WithConnectionAsync(async c =>
        {
            ArgumentNullException.ThrowIfNull(scope);
            ArgumentNullException.ThrowIfNull(ticket);
            var q = new AuditQueries(Dialect, scope);
            var columns = scope.Columns;
            var backup = await EnsureBackupAsync(c, scope.Table.Table, cancellationToken);
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            // Every copy after the first of each group, the first being the earliest written (load time, then lineage).
            var order = columns.Metadata.Count == 0 ? "" : " ORDER BY " + string.Join(", ", columns.Metadata.Select(m => Quote(m.Name) + " NULLS LAST"));
            await ExecAsync(c, $"INSERT INTO {Quote(backup)} ({q.AllColumns}, {BackupColumns}) SELECT {q.AllColumns}, {Roles(ticket, BackupTables.Removed)}, {q.TenantText} "
                + $"FROM (SELECT *, row_number() OVER (PARTITION BY {q.Identity}{order}) AS sa_rn FROM {q.From}) WHERE sa_rn > 1", cancellationToken);
            var applied = await ApplyAsync(c, scope.Table.Table, backup, ticket, BackupTables.Removed, BackupTables.Written, null, cancellationToken);
            await LogAsync(c, ticket, applied, "partition", cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return applied;
        }, cancellationToken);

    public override Task<AppliedCleanup> RewriteHistoriesAsync(AuditScope scope, CleanupTicket ticket, RebuildPlan plan, CancellationToken cancellationToken)
        => warehouse.WithConnectionAsync(async c =>
        {
            ArgumentNullException.ThrowIfNull(scope);
            ArgumentNullException.ThrowIfNull(ticket);
            ArgumentNullException.ThrowIfNull(plan);
            var q = new AuditQueries(Dialect, scope);
            var backup = await EnsureBackupAsync(c, scope.Table.Table, cancellationToken);
            var keys = await KeysTableAsync(c, plan.Keys, cancellationToken);
            var decisions = await DecisionsTableAsync(c, plan.Decisions, cancellationToken);
            var ofKeys = $"({q.TenantText}, {q.KeyText}) IN (SELECT sa_t, sa_kt FROM {keys})";
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            await ExecAsync(c, $"INSERT INTO {Quote(backup)} ({q.AllColumns}, {BackupColumns}) SELECT {q.AllColumns}, {Roles(ticket, BackupTables.Removed)}, {q.TenantText} "
                + $"FROM {q.From}{(scope.Tenant is null ? " WHERE " : " AND ")}{ofKeys}", cancellationToken);
            var written = await ExecAsync(c, $"INSERT INTO {Quote(backup)} ({q.AllColumns}, {BackupColumns}) "
                + $"SELECT {string.Join(", ", q.RebuiltColumns("sa_o", "sa_d"))}, {Roles(ticket, BackupTables.Written)}, {q.TenantText} "
                + $"FROM (SELECT *, {Dialect.RowHash(scope.Columns.All)} AS sa_r FROM {q.From}{(scope.Tenant is null ? " WHERE " : " AND ")}{ofKeys} "
                + $"QUALIFY row_number() OVER (PARTITION BY sa_r) = 1) sa_o JOIN {decisions} sa_d ON sa_o.sa_r = sa_d.sa_r", cancellationToken);
            if (written != plan.Decisions.Count)
            {
                throw new StratumException($"the rebuild planned {plan.Decisions.Count} rows but found {written} of their source rows: {scope.Table.Table} changed since it was read; nothing was changed");
            }
            var applied = await ApplyAsync(c, scope.Table.Table, backup, ticket, BackupTables.Removed, BackupTables.Written, null, cancellationToken);
            await LogAsync(c, ticket, applied, "partition", cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return applied;
        }, cancellationToken);

    public override Task<AppliedCleanup> RestoreAsync(CleanupRecord record, CancellationToken cancellationToken)
        => warehouse.WithConnectionAsync(async c =>
        {
            ArgumentNullException.ThrowIfNull(record);
            var backup = BackupTables.NameFor(record.Table);
            var ticket = new CleanupTicket(record.Id, record.Kind, record.Table, record.At, record.Before ?? new TableChecksum(0, "0"));
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            var before = record.Kind == CleanupKind.Migration ? await RestoreMigrationSchemaAsync(c, record, cancellationToken) : null;
            var applied = await ApplyAsync(c, record.Table, backup, ticket, BackupTables.Written, BackupTables.Removed, record.Partitions, cancellationToken);
            foreach (var p in applied.Partitions)
            {
                await ExecAsync(c, LogInsert(ticket, "partition_restored", p.PartitionId, p.RowsRemoved, p.RowsWritten), cancellationToken);
            }
            await ExecAsync(c, LogInsert(ticket, "restored", "", applied.RowsRemoved, applied.RowsWritten), cancellationToken);
            await tx.CommitAsync(cancellationToken);
            if (before is not null)
            {
                await RestoreNotNullAsync(c, record.Table, before, cancellationToken);
            }
            return applied;
        }, cancellationToken);

    private static string BackupColumns => $"{Quote(BackupTables.CleanupIdColumn)}, {Quote(BackupTables.RoleColumn)}, {Quote(BackupTables.PartitionColumn)}";

    private static string Roles(CleanupTicket ticket, string role) => $"{StandardString(ticket.Id)}, {StandardString(role)}";

    /// <summary>
    /// Takes out the backup's <paramref name="minus"/> rows (as a multiset: n copies of a row remove n
    /// rows, never all that match) and puts in its <paramref name="plus"/> rows. A row that should be
    /// there and is not means the table changed: the caller's transaction is abandoned.
    /// </summary>
    private async Task<AppliedCleanup> ApplyAsync(DuckDBConnection c, Identifier table, Identifier backup, CleanupTicket ticket, string minus, string plus,
        IReadOnlyList<string>? partitions, CancellationToken ct)
    {
        var schema = await DescribeWithAsync(c, table, ct);
        var cols = string.Join(", ", schema.Columns.Select(x => Quote(x.Name)));
        var hash = Dialect.RowHash(schema.Columns);
        var only = partitions is null ? "" : partitions.Count == 0 ? " AND false" : $" AND {Quote(BackupTables.PartitionColumn)} IN ({string.Join(", ", partitions.Select(StandardString))})";
        string Sel(string role) => $"{Quote(BackupTables.CleanupIdColumn)} = {StandardString(ticket.Id)} AND {Quote(BackupTables.RoleColumn)} = {StandardString(role)}{only}";
        var expected = long.Parse((await ReadAsync(c, $"SELECT count(*) FROM {Quote(backup)} WHERE {Sel(minus)}", ct))[0][0]!, CultureInfo.InvariantCulture);
        var same = string.Join(" AND ", schema.Columns.Select(x => $"sa_a.{Quote(x.Name)} IS NOT DISTINCT FROM sa_b.{Quote(x.Name)}"));
        var removed = await ExecAsync(c, $"DELETE FROM {Quote(table)} WHERE rowid IN (SELECT sa_a.rowid FROM ("
            + $"SELECT rowid, {cols}, row_number() OVER (PARTITION BY {cols}) AS sa_rn FROM {Quote(table)} WHERE {hash} IN (SELECT {hash} FROM {Quote(backup)} WHERE {Sel(minus)})) sa_a "
            + $"JOIN (SELECT {cols}, count(*) AS sa_c FROM {Quote(backup)} WHERE {Sel(minus)} GROUP BY ALL) sa_b ON {same} WHERE sa_a.sa_rn <= sa_b.sa_c)", ct);
        if (removed != expected)
        {
            throw new StratumException($"{table}: {expected - removed} of the {expected} rows cleanup {ticket.Id} expects to take out are not in the table; "
                + "it changed since, so nothing was changed (a restore puts back only what is unchanged since the cleanup)");
        }
        var written = await ExecAsync(c, $"INSERT INTO {Quote(table)} ({cols}) SELECT {cols} FROM {Quote(backup)} WHERE {Sel(plus)}", ct);
        var perPartition = await ReadAsync(c, $"SELECT {Quote(BackupTables.PartitionColumn)}, count_if({Quote(BackupTables.RoleColumn)} = {StandardString(minus)}), "
            + $"count_if({Quote(BackupTables.RoleColumn)} = {StandardString(plus)}) FROM {Quote(backup)} WHERE {Quote(BackupTables.CleanupIdColumn)} = {StandardString(ticket.Id)}{only} "
            + $"GROUP BY 1 ORDER BY 1", ct);
        var changes = perPartition.Select(r => new PartitionChange(r[0] ?? "", r[0] ?? "", 0, L(r[1]), L(r[2]))).ToList();
        return new AppliedCleanup(removed, written, changes, backup);
    }

    private async Task LogAsync(DuckDBConnection c, CleanupTicket ticket, AppliedCleanup applied, string partitionEvent, CancellationToken ct)
    {
        await ExecAsync(c, LogInsert(ticket, "started", "", applied.RowsRemoved, applied.RowsWritten), ct);
        foreach (var p in applied.Partitions)
        {
            await ExecAsync(c, LogInsert(ticket, partitionEvent, p.PartitionId, p.RowsRemoved, p.RowsWritten), ct);
        }
        await ExecAsync(c, LogInsert(ticket, "executed", "", applied.RowsRemoved, applied.RowsWritten), ct);
    }

    private static async Task<Identifier> EnsureBackupAsync(DuckDBConnection c, Identifier table, CancellationToken ct)
    {
        var backup = BackupTables.NameFor(table);
        await ExecAsync(c, $"CREATE TABLE IF NOT EXISTS {Quote(backup)} AS SELECT *, CAST('' AS VARCHAR) AS {Quote(BackupTables.CleanupIdColumn)}, "
            + $"CAST('' AS VARCHAR) AS {Quote(BackupTables.RoleColumn)}, CAST('' AS VARCHAR) AS {Quote(BackupTables.PartitionColumn)} FROM {Quote(table)} LIMIT 0", ct);
        await ExecAsync(c, $"CREATE TABLE IF NOT EXISTS {Quote(BackupTables.Log)} (cleanup_id VARCHAR, table_name VARCHAR, kind VARCHAR, event VARCHAR, "
            + "partition_id VARCHAR, at_us BIGINT, rows_removed BIGINT, rows_written BIGINT, checksum_rows BIGINT, checksum_sum VARCHAR)", ct);
        return backup;
    }

    /// <summary>The table's columns as this connection sees them: inside a migration's transaction, with its ALTERs.</summary>
    private async Task<TableSchema> DescribeWithAsync(DuckDBConnection c, Identifier table, CancellationToken ct)
        => await DescribeOnAsync(c, table, ct) ?? throw new StratumException($"table {table} does not exist in {Describe}");

    private static async Task<string> KeysTableAsync(DuckDBConnection c, IReadOnlyList<KeyRef> keys, CancellationToken ct)
    {
        var name = $"sa_keys_{Guid.NewGuid():N}";
        await ExecAsync(c, $"CREATE TEMP TABLE {name} (sa_t VARCHAR, sa_kt VARCHAR)", ct);
        using (var appender = c.CreateAppender("temp", "main", name))
        {
            foreach (var k in keys)
            {
                appender.CreateRow().AppendValue(k.Tenant).AppendValue(k.Key).EndRow();
            }
        }
        return name;
    }

    private static async Task<string> DecisionsTableAsync(DuckDBConnection c, IReadOnlyList<RowDecision> decisions, CancellationToken ct)
    {
        var name = $"sa_decisions_{Guid.NewGuid():N}";
        await ExecAsync(c, $"CREATE TEMP TABLE {name} (sa_r UBIGINT, sa_ne BIGINT, sa_nx BIGINT, sa_nc INTEGER, sa_nv BIGINT)", ct);
        using (var appender = c.CreateAppender("temp", "main", name))
        {
            foreach (var d in decisions)
            {
                appender.CreateRow().AppendValue(d.RowHash).AppendValue(Micros(d.Effective)).AppendValue(d.Expiration is { } x ? Micros(x) : (long?)null)
                    .AppendValue(d.IsCurrent ? 1 : 0).AppendValue((long)d.RecordVersion).EndRow();
            }
        }
        return name;
    }

    private static long Micros(DateTime t) => (t.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private static async Task<long> ExecAsync(DuckDBConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
