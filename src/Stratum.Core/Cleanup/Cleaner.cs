using System.Globalization;
using Stratum.Audit;

namespace Stratum.Cleanup;

/// <summary>
/// Runs cleanups and restores over the audit port: dry run by default; on execute it audits, takes
/// the table's checksum, gives the cleanup an id, has the warehouse back up and rewrite, and audits
/// again. Nothing to do means nothing written (no backup, no id): running it twice changes nothing.
/// </summary>
public sealed class Cleaner(ITableRewriter warehouse, TimeProvider clock)
{
    private readonly Auditor _auditor = new(warehouse);

    public async Task<CleanupPreview> PreviewAsync(CleanupKind kind, AuditScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var labels = await warehouse.PartitionLabelsAsync(scope.Table.Table, cancellationToken);
        if (kind == CleanupKind.Duplicates)
        {
            var partitions = await warehouse.PreviewDuplicatesAsync(scope, cancellationToken);
            return new CleanupPreview(kind, scope.Table.Table.Value, scope.Tenant?.Value, partitions,
                partitions.Sum(p => p.RowsRemoved), 0, 0, [], []);
        }
        var rows = await warehouse.ReadBrokenHistoriesAsync(scope, cancellationToken);
        var plan = ScdRebuild.Plan(rows, mayInferDeletes: scope.Table.GapsAllowed && scope.Table.Version is null);
        var written = plan.Decisions.Join(rows.DistinctBy(r => r.RowHash), d => d.RowHash, r => r.RowHash, (d, r) => r.Partition)
            .GroupBy(p => p).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var changes = rows.GroupBy(r => r.Partition).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PartitionChange(g.Key, labels.GetValueOrDefault(g.Key) ?? g.Key, 0, g.Sum(r => r.Copies), written.GetValueOrDefault(g.Key)))
            .OrderBy(p => p.Label, StringComparer.Ordinal)
            .ToList();
        return new CleanupPreview(kind, scope.Table.Table.Value, scope.Tenant?.Value, changes, plan.RowsBefore, plan.RowsAfter, plan.Keys.Count,
            plan.Notes, RebuildSamples(rows, plan, scope.Samples)) { Plan = plan };
    }

    public async Task<CleanupResult> ExecuteAsync(CleanupKind kind, AuditScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var before = await _auditor.AuditAsync(scope, cancellationToken);
        var preview = await PreviewAsync(kind, scope, cancellationToken);
        if (preview.NothingToDo)
        {
            return new CleanupResult(preview, false, null, before, before, null);
        }
        var checksum = await warehouse.ChecksumAsync(scope.Table.Table, cancellationToken);
        var ticket = new CleanupTicket(CleanupId.New(clock), kind, scope.Table.Table, clock.GetUtcNow().UtcDateTime, checksum);
        var applied = kind == CleanupKind.Duplicates
            ? await warehouse.RemoveDuplicatesAsync(scope, ticket, cancellationToken)
            : await warehouse.RewriteHistoriesAsync(scope, ticket, preview.Plan!, cancellationToken);
        var after = await _auditor.AuditAsync(scope with { Now = clock.GetUtcNow().UtcDateTime }, cancellationToken);
        return new CleanupResult(preview, true, ticket.Id, before, after, applied);
    }

    public async Task<RestoreResult> RestoreAsync(string cleanupId, CancellationToken cancellationToken)
    {
        var id = CleanupId.Parse(cleanupId);
        var record = await warehouse.FindCleanupAsync(id, cancellationToken)
            ?? throw new StratumException($"no cleanup {id} in {warehouse.Describe} (ids are printed by `stratum clean --execute`)");
        if (record.Restored)
        {
            throw new StratumException($"cleanup {id} of {record.Table} was restored already; restoring twice would add its rows again");
        }
        var applied = await warehouse.RestoreAsync(record, cancellationToken);
        var now = await warehouse.ChecksumAsync(record.Table, cancellationToken);
        return new RestoreResult(id, record.Table, record.Kind, applied.Partitions, applied.RowsWritten, applied.RowsRemoved, record.Before, now);
    }

    private static List<string> RebuildSamples(IReadOnlyList<HistoryRow> rows, RebuildPlan plan, int samples)
    {
        var result = new List<string>();
        var byHash = rows.GroupBy(r => r.RowHash).ToDictionary(g => g.Key, g => g.First());
        foreach (var key in plan.Keys.Take(samples))
        {
            var old = rows.Where(r => r.Tenant == key.Tenant && r.Key == key.Key).OrderBy(r => r.Version).ThenBy(r => r.Effective).ToList();
            var neu = plan.Decisions.Where(d => byHash.TryGetValue(d.RowHash, out var r) && r.Tenant == key.Tenant && r.Key == key.Key).ToList();
            result.Add($"{key.Tenant}/{Stratum.Planning.CompositeKey.Display(key.Key)}: {old.Sum(r => r.Copies)} row(s) before, {neu.Count} after");
            result.AddRange(old.Select(r => $"  before: version {F(r.Version)} [{F(r.Effective)}, {F(r.Expiration)}) current={r.IsCurrent.ToString().ToLowerInvariant()} ×{r.Copies}"));
            result.AddRange(neu.Select(d => $"  after:  version {F(d.Effective)} [{F(d.Effective)}, {F(d.Expiration)}) current={d.IsCurrent.ToString().ToLowerInvariant()} record_version={d.RecordVersion}"));
        }
        return result;
    }

    private static string F(DateTime? t) => t?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "open";
}
