using Stratum.Cleanup;
using System.CommandLine;
using Stratum.Audit;
using Stratum.Adapters;
using Stratum.Configuration;
using Stratum.Names;

namespace Stratum.Cli.Audit;

/// <summary>
/// The options that name a table and the roles of its columns, shared by `audit` and `clean`. A table
/// with a contract in the project needs only <c>--table</c>; a legacy one needs <c>--key</c> (and usually
/// <c>--version</c>); the SCD column names default to the incident's table. Every name is validated.
/// </summary>
internal sealed class TableOptions
{
    public Option<string> Table { get; } = new("--table") { Description = "The table to audit (a contract's table, or a legacy table with --key)", Required = true };
    public Option<string?> Tenant { get; } = new("--tenant") { Description = "Only this tenant's rows" };
    public Option<string[]> Key { get; } = new("--key") { Description = "Legacy table: its business key column(s); without --key the table's contract is used", AllowMultipleArgumentsPerToken = true };
    public Option<string?> Version { get; } = new("--version") { Description = "Legacy table: the column that orders versions, e.g. last_updated (default: the effective date)" };
    public Option<string> TenantColumn { get; } = new("--tenant-column") { Description = "Legacy table: tenant column", DefaultValueFactory = _ => "tenant_id" };
    public Option<string> Effective { get; } = new("--effective-date") { Description = "Legacy table: effective date column", DefaultValueFactory = _ => "effective_date" };
    public Option<string> Expiration { get; } = new("--expiration-date") { Description = "Legacy table: expiration date column", DefaultValueFactory = _ => "expiration_date" };
    public Option<string> Current { get; } = new("--is-current") { Description = "Legacy table: current-row flag column", DefaultValueFactory = _ => "is_current" };
    public Option<string?> RecordVersion { get; } = new("--record-version") { Description = "Legacy table: version counter the SCD repair renumbers (default: record_version if the table has it; 'none')" };
    public Option<string?> LoadedAt { get; } = new("--loaded-at") { Description = "A load-time column: left out of a row's identity; tells when copies were written" };
    public Option<string[]> Lineage { get; } = new("--lineage") { Description = "Lineage column(s) (source file, load/batch id): left out of a row's identity; duplicates are broken down by them", AllowMultipleArgumentsPerToken = true };
    public Option<bool> GapsAllowed { get; } = new("--gaps-allowed") { Description = "The table has deletes: a gap between versions is legitimate" };
    public Option<int> Samples { get; } = new("--samples") { Description = "Samples kept per finding", DefaultValueFactory = _ => 5 };
    public Option<int> Top { get; } = new("--top") { Description = "Entries shown in breakdown lists (counts are never limited)", DefaultValueFactory = _ => 20 };

    public IEnumerable<Option> All => [Table, Tenant, Key, Version, TenantColumn, Effective, Expiration, Current, RecordVersion, LoadedAt, Lineage, GapsAllowed, Samples, Top];

    public void AddTo(Command command)
    {
        foreach (var o in All)
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The warehouse's audit port and the audit's scope, every column checked against the table that exists.</summary>
    public async Task<(ITableRewriter Auditor, AuditScope Scope)> ResolveAsync(ParseResult parse, Workspace ws, CancellationToken ct)
    {
        var table = Identifier.Parse(parse.GetValue(Table), "table");
        var auditor = AdapterFactory.Auditor(ws.Warehouse);
        var schema = await auditor.DescribeTableAsync(table, ct)
                     ?? throw new ConfigException($"table {table} does not exist in {auditor.Describe}");
        var keys = parse.GetValue(Key) ?? [];
        AuditedTable audited;
        if (keys.Length > 0)
        {
            var recordVersion = parse.GetValue(RecordVersion);
            audited = new AuditedTable
            {
                Table = table,
                Tenant = Column(parse.GetValue(TenantColumn)),
                Key = [.. keys.SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(Column)],
                Version = parse.GetValue(Version) is { } v ? Column(v) : null,
                EffectiveDate = Column(parse.GetValue(Effective)),
                ExpirationDate = Column(parse.GetValue(Expiration)),
                IsCurrent = Column(parse.GetValue(Current)),
                RecordVersion = recordVersion switch
                {
                    null => schema.Find(Identifier.Parse("record_version")) is { Class: ColumnClass.Number } rv ? rv.Name : null,
                    "none" => null,
                    var name => Column(name),
                },
            };
            if (audited.Version == audited.EffectiveDate)
            {
                audited = audited with { Version = null };
            }
        }
        else
        {
            if (!Directory.Exists(ws.Settings.ContractsPath))
            {
                throw new ConfigException($"no contracts folder at {ws.Settings.ContractsPath} to describe {table}; for a legacy table name its key with --key (and its version column with --version)");
            }
            audited = AuditedTable.FromContract(ws.Contract(table.Value));
        }
        var lineage = (parse.GetValue(Lineage) ?? []).SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(Column).ToList();
        audited = audited with
        {
            LoadedAt = parse.GetValue(LoadedAt) is { } la ? Column(la) : audited.LoadedAt,
            Lineage = lineage.Count > 0 ? [.. lineage] : audited.Lineage,
            GapsAllowed = audited.GapsAllowed || parse.GetValue(GapsAllowed),
        };
        var tenant = parse.GetValue(Tenant) is { } t ? TenantId.Parse(t) : (TenantId?)null;
        var samples = Math.Max(0, parse.GetValue(Samples));
        var top = Math.Max(1, parse.GetValue(Top));
        return (auditor, new AuditScope(new AuditColumns(audited, schema), tenant, ws.Clock.GetUtcNow().UtcDateTime, samples, top));
    }

    private static Identifier Column(string? name) => Identifier.Parse(name, "column");
}
