using Stratum.Names;

namespace Stratum.Audit;

/// <summary>
/// The column sets every audit query is built from, checked against the table that exists:
/// <list type="bullet">
/// <item><see cref="Identity"/>: what makes two rows exact duplicates — every column except the
/// write metadata (load time, lineage), which differs between two loaders that wrote the same row.
/// For a table without such columns that is every column.</item>
/// <item><see cref="Content"/>: what a version says — the identity minus tenant, key and the SCD
/// bookkeeping (effective, expiration, is_current, record version). The version column stays in.</item>
/// </list>
/// </summary>
public sealed class AuditColumns
{
    public AuditColumns(AuditedTable table, TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        Table = table;
        Schema = schema;
        var problems = Validate(table, schema);
        if (problems.Count > 0)
        {
            throw new AuditSetupException(problems);
        }
        var metadata = table.WriteMetadata.ToList();
        Metadata = [.. metadata.Select(m => schema.Find(m)!)];
        Identity = [.. schema.Columns.Where(c => !metadata.Contains(c.Name))];
        var bookkeeping = new HashSet<Identifier>([table.Tenant, .. table.Key, table.EffectiveDate, table.ExpirationDate, table.IsCurrent]);
        if (table.RecordVersion is { } rv)
        {
            bookkeeping.Add(rv);
        }
        Content = [.. Identity.Where(c => !bookkeeping.Contains(c.Name))];
    }

    public AuditedTable Table { get; }
    public TableSchema Schema { get; }
    public IReadOnlyList<SchemaColumn> All => Schema.Columns;
    public IReadOnlyList<SchemaColumn> Identity { get; }
    public IReadOnlyList<SchemaColumn> Content { get; }

    /// <summary>Load time first, then lineage: the order that decides which copy was written first.</summary>
    public IReadOnlyList<SchemaColumn> Metadata { get; }

    public SchemaColumn Column(Identifier name) => Schema.Find(name) ?? throw new KeyNotFoundException(name.Value);

    public static IReadOnlyList<string> Validate(AuditedTable t, TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(schema);
        var problems = new List<string>();
        var roles = new List<(string Role, Identifier Name)> { ("tenant", t.Tenant) };
        roles.AddRange(t.Key.Select(k => ("key", k)));
        if (t.Version is { } v)
        {
            roles.Add(("version", v));
        }
        roles.Add(("effective date", t.EffectiveDate));
        roles.Add(("expiration date", t.ExpirationDate));
        roles.Add(("is_current", t.IsCurrent));
        if (t.RecordVersion is { } rv)
        {
            roles.Add(("record version", rv));
        }
        if (t.LoadedAt is { } la)
        {
            roles.Add(("loaded-at", la));
        }
        roles.AddRange(t.Lineage.Select(l => ("lineage", l)));
        if (t.Key.IsDefaultOrEmpty)
        {
            problems.Add("no key column is named; give the business key with --key (e.g. --key id)");
        }
        foreach (var (role, name) in roles)
        {
            if (schema.Find(name) is null)
            {
                problems.Add($"{role} column '{name}' is not a column of {schema.Table}; it has {string.Join(", ", schema.Columns.Select(c => c.Name))}");
            }
        }
        foreach (var g in roles.GroupBy(r => r.Name).Where(g => g.Count() > 1))
        {
            problems.Add($"column '{g.Key}' is named for more than one role: {string.Join(", ", g.Select(r => r.Role))}");
        }
        void Kind(string role, Identifier? name, params ColumnClass[] allowed)
        {
            if (name is { } n && schema.Find(n) is { } c && !allowed.Contains(c.Class))
            {
                problems.Add($"{role} column '{n}' is {c.Type}; it must be {string.Join(" or ", allowed.Select(a => a.ToString().ToLowerInvariant()))}");
            }
        }
        Kind("version", t.Version, ColumnClass.Timestamp, ColumnClass.Date);
        Kind("effective date", t.EffectiveDate, ColumnClass.Timestamp, ColumnClass.Date);
        Kind("expiration date", t.ExpirationDate, ColumnClass.Timestamp, ColumnClass.Date);
        Kind("loaded-at", t.LoadedAt, ColumnClass.Timestamp, ColumnClass.Date);
        Kind("is_current", t.IsCurrent, ColumnClass.Bool, ColumnClass.Number);
        Kind("record version", t.RecordVersion, ColumnClass.Number);
        foreach (var reserved in schema.Columns.Where(c => c.Name.Value.StartsWith("sa_", StringComparison.Ordinal)))
        {
            problems.Add($"column '{reserved.Name}': names starting with sa_ are reserved for the audit's own SQL");
        }
        if (schema.Find(t.ExpirationDate) is { Nullable: false } exp)
        {
            problems.Add($"expiration date column '{exp.Name}' is {exp.Type}, not nullable: a current row has no expiration date");
        }
        return problems;
    }
}
