using Stratum.Audit;
using Stratum.Simulation.Legacy;
using Stratum.Adapters;
using Stratum.Names;

namespace Stratum.Simulation;

/// <summary>
/// `stratum simulate --legacy-incident`: the table the incident left behind, built for real — the
/// legacy <c>time_entries</c> (ORIGINAL-SYSTEM.md's columns and partition key), one current row plus
/// one non-current copy per worker for every entry — then audited, so the audit and clean tools can be
/// tried on it.
/// </summary>
public static class LegacyIncident
{
    public sealed record Result(string Warehouse, string Table, string Tenant, int Keys, int CopiesPerKey, long Rows, string Project, AuditReport Audit, IReadOnlyList<string> NextSteps);

    public static async Task<Result> RunAsync(string warehouseUrl, string dir, Identifier table, TenantId tenant, int keys, int copies, TimeProvider clock, CancellationToken ct)
    {
        if (keys < 1 || copies < 1)
        {
            throw new ArgumentException("--records and --workers must be at least 1");
        }
        await using var warehouse = AdapterFactory.Warehouse(warehouseUrl, dir, clock);
        var writer = LegacyTables.For(warehouse);
        var auditor = AdapterFactory.Auditor(warehouse);
        if (await auditor.DescribeTableAsync(table, ct) is not null)
        {
            throw new ConfigException($"{warehouse.Describe} already has a table {table}; pick another --table (or --warehouse)");
        }
        var spec = TimeEntries.Spec(table);
        await writer.CreateAsync(spec, replace: false, ct);
        await writer.InsertAsync(spec, IncidentFixture.Rows(tenant.Value, keys, copies).Select(r => TimeEntries.Values(r)), ct);
        var audited = new AuditedTable
        {
            Table = table,
            Key = [Identifier.Parse("id")],
            Version = Identifier.Parse("last_updated"),
            RecordVersion = Identifier.Parse("record_version"),
        };
        var schema = await auditor.DescribeTableAsync(table, ct) ?? throw new StratumException($"table {table} was not created");
        var report = await new Auditor(auditor).AuditAsync(new AuditScope(new AuditColumns(audited, schema), null, clock.GetUtcNow().UtcDateTime), ct);
        var common = $"--project {dir} --table {table} --key id --version last_updated";
        return new Result(warehouse.Describe, table.Value, tenant.Value, keys, copies, report.TotalRows, dir, report,
        [
            $"stratum audit {common} --html incident.html",
            $"stratum clean duplicates {common}            # dry run; add --execute --yes to apply",
            $"stratum clean scd {common}",
            "stratum restore CLEANUP_ID --project " + dir,
        ]);
    }
}
