using Stratum.Audit;
using Stratum.Cleanup;
using Stratum.Contracts;
using Stratum.Names;
using Stratum.Warehouse;

namespace Stratum.Migration;

/// <summary>
/// <c>stratum migrate</c>: brings a table written under its stored contract to the contract in the
/// project. The dry run reads the stored contract and every tenant's rows through the warehouse port
/// and plans each tenant with the pure <see cref="MigrationPlanner"/>; execute takes the table's
/// checksum, gives the migration a cleanup id and has the audit port back up, rewrite and store the
/// new contract (the Cleanup machinery: <c>stratum restore ID</c> undoes it), then counts the
/// invariants again. Nothing to do, or a refusal, writes nothing.
/// </summary>
public sealed class Migrator(IWarehouse warehouse, ITableRewriter auditor, TimeProvider clock)
{
    public async Task<MigrationPreview> PreviewAsync(TableContract now, TenantId? tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(now);
        var fingerprint = ContractFingerprint.Of(now);
        var table = now.Table.Value;
        if (await auditor.DescribeTableAsync(now.Table, cancellationToken) is null)
        {
            return new MigrationPreview(table, MigrationPreview.States.NoTable, null, fingerprint, null, null, [], [], []);
        }
        var stored = await warehouse.ReadContractAsync(now.Table, cancellationToken);
        if (stored is null)
        {
            return new MigrationPreview(table, MigrationPreview.States.NotStored, null, fingerprint, null, null, [], [], []);
        }
        if (stored.Fingerprint == fingerprint)
        {
            return new MigrationPreview(table, MigrationPreview.States.UpToDate, stored.Fingerprint, fingerprint, stored.Origin, stored.StoredAt, [], [], []);
        }
        var old = stored.Parse();
        var diff = ContractDiff.Between(old, now);
        var refusals = diff.Blockers.Select(b => $"{b.Text}: {b.Blocker}").ToList();
        var tenants = new List<TenantMigration>();
        if (refusals.Count == 0)
        {
            var names = tenant is { } only ? [only.Value] : await auditor.TenantsAsync(now.Table, old.ScdColumns.TenantId, cancellationToken);
            var loadId = "migrate-" + clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var name in names)
            {
                var id = TenantId.Parse(name);
                var rows = await warehouse.ReadAllAsync(old, id, cancellationToken);
                var m = MigrationPlanner.Plan(old, now, id.Value, rows, loadId);
                tenants.Add(m);
                refusals.AddRange(m.Problems.Select(p => $"tenant {id}: {p}"));
            }
        }
        var state = refusals.Count > 0 ? MigrationPreview.States.Refused : MigrationPreview.States.Ready;
        return new MigrationPreview(table, state, stored.Fingerprint, fingerprint, stored.Origin, stored.StoredAt, diff.Changes, tenants, refusals) { StoredContract = old };
    }

    public async Task<MigrationResult> ExecuteAsync(TableContract now, TenantId? tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(now);
        if (tenant is not null)
        {
            throw new StratumException($"--execute migrates every tenant of {now.Table} at once: the contract is the table's, and a tenant left under the old one could not be loaded. Leave out --tenant");
        }
        var preview = await PreviewAsync(now, null, cancellationToken);
        if (preview.State != MigrationPreview.States.Ready)
        {
            return new MigrationResult(preview, false, null, null, null);
        }
        var checksum = await auditor.ChecksumAsync(now.Table, cancellationToken);
        var ticket = new CleanupTicket(CleanupId.New(clock), CleanupKind.Migration, now.Table, clock.GetUtcNow().UtcDateTime, checksum);
        var rewrites = preview.Tenants
            .Select(t => new TenantRewrite(TenantId.Parse(t.Tenant), [.. t.Plan.ChangedKeys]))
            .ToList();
        var applied = await auditor.MigrateAsync(ticket, preview.StoredContract!, now, rewrites, cancellationToken);
        var after = await warehouse.CountProblemsAsync(now, null, cancellationToken);
        return new MigrationResult(preview, true, ticket.Id, applied, after);
    }
}
