using static Stratum.ClickHouse.ClickHouseSqlText;
using Stratum.Audit;
using Stratum.ClickHouse.Warehouse;
using Stratum.Cleanup;
using Stratum.Names;
using static Stratum.Sql.SqlText;

namespace Stratum.ClickHouse.Audit;

public sealed partial class ClickHouseTableAuditor
{
    /// <summary>
    /// Rewrites every partition the cleanup's backup rows belong to: new content = the partition's rows
    /// − the backup's <paramref name="minus"/> rows + its <paramref name="plus"/> rows, as multisets
    /// (one GROUP BY over all columns with a signed count; no DELETE, so n identical copies minus
    /// n − 1 leave exactly one). Built in a staging table, checked (no row missing, the partition
    /// unchanged since the start, the expected row count), then swapped in with REPLACE PARTITION ID.
    /// Partitions outside the backup are never read or written.
    /// </summary>
    private async Task<AppliedCleanup> ApplyAsync(CleanupTicket ticket, TableSchema schema, string minus, string plus, IReadOnlyList<string>? only, string logEvent, CancellationToken ct)
    {
        var table = Dialect.Table(ticket.Table);
        var backupName = BackupTables.NameFor(ticket.Table);
        var backup = Dialect.Table(backupName);
        var cols = string.Join(", ", schema.Columns.Select(c => Quote(c.Name)));
        var part = Quote(BackupTables.PartitionColumn);
        var onlyThese = only is null ? "" : only.Count == 0 ? " AND 0" : $" AND {part} IN ({string.Join(", ", only.Select(ClickHouseString))})";
        var ofCleanup = $"{Quote(BackupTables.CleanupIdColumn)} = {ClickHouseString(ticket.Id)}{onlyThese}";
        var counts = await QueryAsync($"SELECT {part}, {Role(minus)}, {Role(plus)} FROM {backup} WHERE {ofCleanup} GROUP BY {part} ORDER BY {part}", ct);
        var partitions = counts.Select(r => r[0] ?? "").ToList();
        if (partitions.Count == 0)
        {
            return new AppliedCleanup(0, 0, [], backupName);
        }
        var inPartitions = $"_partition_id IN ({string.Join(", ", partitions.Select(ClickHouseString))})";
        var signature = $"SELECT _partition_id, count(), sum({Dialect.RowHash(schema.Columns)}) FROM {table} WHERE {inPartitions} GROUP BY _partition_id ORDER BY _partition_id";
        var before = await QueryAsync(signature, ct);
        var signed = $"SELECT {cols}, toInt64(1) AS sa_w, _partition_id AS sa_p FROM {table} WHERE {inPartitions} "
                     + $"UNION ALL SELECT {cols}, toInt64(-1) AS sa_w, {part} AS sa_p FROM {backup} WHERE {ofCleanup} AND {Quote(BackupTables.RoleColumn)} = {ClickHouseString(minus)} "
                     + $"UNION ALL SELECT {cols}, toInt64(1) AS sa_w, {part} AS sa_p FROM {backup} WHERE {ofCleanup} AND {Quote(BackupTables.RoleColumn)} = {ClickHouseString(plus)}";
        var missing = await QueryAsync($"SELECT sa_p, sum(-sa_s) FROM (SELECT sa_p, sum(sa_w) AS sa_s FROM ({signed}) GROUP BY sa_p, {cols} HAVING sa_s < 0) GROUP BY sa_p", ct);
        if (missing.Count > 0)
        {
            throw new StratumException($"{ticket.Table}: {missing.Sum(m => L(m[1]))} row(s) cleanup {ticket.Id} expects to take out are not in partition(s) "
                + $"{string.Join(", ", missing.Select(m => m[0]))}; the table changed since, so nothing was changed");
        }
        var staging = StagingTables.NewName(ticket.Table, Guid.NewGuid());
        var changes = new List<PartitionChange>();
        try
        {
            await Client.ExecuteAsync($"CREATE TABLE {Dialect.Table(staging)} AS {table}", ct);
            await Client.ExecuteAsync($"INSERT INTO {Dialect.Table(staging)} ({cols}) SELECT {cols} FROM (SELECT {cols}, sum(sa_w) AS sa_s FROM ({signed}) "
                + $"GROUP BY sa_p, {cols} HAVING sa_s > 0) ARRAY JOIN range(toUInt64(sa_s)) AS sa_r", NoDedup, ct);
            var built = (await QueryAsync($"SELECT _partition_id, count() FROM {Dialect.Table(staging)} GROUP BY _partition_id", ct))
                .ToDictionary(r => r[0] ?? "", r => L(r[1]), StringComparer.Ordinal);
            var had = before.ToDictionary(r => r[0] ?? "", r => L(r[1]), StringComparer.Ordinal);
            foreach (var r in counts)
            {
                var p = r[0] ?? "";
                var expected = had.GetValueOrDefault(p) - L(r[1]) + L(r[2]);
                if (built.GetValueOrDefault(p) != expected)
                {
                    throw new StratumException($"{ticket.Table}: partition {p} would hold {built.GetValueOrDefault(p)} rows, expected {expected}; nothing was changed");
                }
                changes.Add(new PartitionChange(p, p, had.GetValueOrDefault(p), L(r[1]), L(r[2])));
            }
            if (!Same(before, await QueryAsync(signature, ct)))
            {
                throw new StratumException($"{ticket.Table}: rows were written to the partitions being cleaned while the cleanup ran; nothing was changed (stop the loaders and run it again)");
            }
            foreach (var change in changes)
            {
                await Client.ExecuteAsync($"ALTER TABLE {table} REPLACE PARTITION ID {ClickHouseString(change.PartitionId)} FROM {Dialect.Table(staging)}", ct);
                await Client.ExecuteAsync(LogInsert(ticket, logEvent, change.PartitionId, change.RowsRemoved, change.RowsWritten), ct);
            }
        }
        finally
        {
            await DropAsync(staging);
        }
        var labels = await PartitionLabelsAsync(ticket.Table, ct);
        changes = [.. changes.Select(c => c with { Label = labels.GetValueOrDefault(c.PartitionId) ?? c.PartitionId }).OrderBy(c => c.Label, StringComparer.Ordinal)];
        return new AppliedCleanup(changes.Sum(c => c.RowsRemoved), changes.Sum(c => c.RowsWritten), changes, backupName);
    }

    private static bool Same(IReadOnlyList<string?[]> a, IReadOnlyList<string?[]> b)
        => a.Count == b.Count && a.Zip(b).All(p => p.First.SequenceEqual(p.Second));
}
