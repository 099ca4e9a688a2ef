using Stratum.Audit;
using Stratum.Audit.Sql;
using Stratum.Names;

namespace Stratum.Cleanup.Sql;

/// <summary>
/// The repair side of both warehouses over the shared audit queries: the cleanup log (one row per
/// event of a cleanup, read back by <see cref="FindCleanupAsync"/>) and the rewrites each adapter
/// implements in its own dialect.
/// </summary>
public abstract class SqlTableRewriter : SqlTableAuditor, ITableRewriter
{
    public abstract Task<AppliedCleanup> RemoveDuplicatesAsync(AuditScope scope, CleanupTicket ticket, CancellationToken cancellationToken);

    public abstract Task<AppliedCleanup> RewriteHistoriesAsync(AuditScope scope, CleanupTicket ticket, RebuildPlan plan, CancellationToken cancellationToken);


    public abstract Task<AppliedCleanup> RestoreAsync(CleanupRecord record, CancellationToken cancellationToken);

    public abstract Task<AppliedCleanup> MigrateAsync(CleanupTicket ticket, Stratum.Contracts.TableContract stored, Stratum.Contracts.TableContract now,
        IReadOnlyList<TenantRewrite> rewrites, CancellationToken cancellationToken);

    /// <summary>The log's columns: one row per event of a cleanup (started, partition, executed, partition_restored, restored).</summary>
    protected const string LogColumns = "cleanup_id, table_name, kind, event, partition_id, at_us, rows_removed, rows_written, checksum_rows, checksum_sum";

    protected string LogInsert(CleanupTicket ticket, string @event, string partition, long removed, long written)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var d = Dialect;
        var at = (ticket.At.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) / 10;
        return $"INSERT INTO {d.Table(BackupTables.Log)} ({LogColumns}) VALUES ({d.String(ticket.Id)}, {d.String(ticket.Table.Value)}, "
               + $"{d.String(ticket.Kind.ToString().ToLowerInvariant())}, {d.String(@event)}, {d.String(partition)}, {d.Int64(at)}, {d.Int64(removed)}, {d.Int64(written)}, "
               + $"{d.Int64(ticket.Before.Rows)}, {d.String(ticket.Before.Sum)})";
    }

    public async Task<CleanupRecord?> FindCleanupAsync(string cleanupId, CancellationToken cancellationToken)
    {
        if (await DescribeTableAsync(BackupTables.Log, cancellationToken) is null)
        {
            return null;
        }
        var rows = await QueryAsync(
            $"SELECT event, table_name, kind, partition_id, at_us, rows_removed, rows_written, checksum_rows, checksum_sum FROM {Dialect.Table(BackupTables.Log)} "
            + $"WHERE cleanup_id = {Dialect.String(cleanupId)} ORDER BY at_us, event", cancellationToken);
        var started = rows.FirstOrDefault(r => r[0] == "started");
        if (started is null)
        {
            return null;
        }
        var done = rows.Where(r => r[0] == "partition_restored").Select(r => r[3]).ToHashSet(StringComparer.Ordinal);
        var partitions = rows.Where(r => r[0] == "partition").Select(r => r[3] ?? "").Where(p => !done.Contains(p)).Distinct().ToList();
        var kind = Enum.Parse<CleanupKind>(started[2] ?? "", ignoreCase: true);
        return new CleanupRecord(cleanupId, Identifier.Parse(started[1]), kind, Time(started[4]) ?? default, partitions,
            rows.Any(r => r[0] == "executed"), rows.Any(r => r[0] == "restored"), new TableChecksum(L(started[7]), started[8] ?? "0"),
            L(started[5]), L(started[6]));
    }
}
