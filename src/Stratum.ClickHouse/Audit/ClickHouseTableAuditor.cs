using Stratum.Cleanup.Sql;
using Stratum.Audit;
using Stratum.Audit.Sql;
using Stratum.ClickHouse.Warehouse;
using Stratum.Names;
using Stratum.Sql;

namespace Stratum.ClickHouse.Audit;

/// <summary>
/// The audit port on ClickHouse (18.16 to current). Counts run as SQL on the server; cleanups and
/// restores rewrite the table partition by partition with the table's own partition key: each
/// affected partition's new content is built in a uniquely named staging table and swapped in with
/// <c>ALTER TABLE … REPLACE PARTITION ID … FROM staging</c>; partitions with nothing to change are never touched.
/// </summary>
public sealed partial class ClickHouseTableAuditor(ClickHouseWarehouse warehouse) : SqlTableRewriter
{
    private readonly ClickHouseAuditDialect _dialect = new(warehouse.Database);

    public override string Describe => warehouse.Describe;

    protected override AuditDialect Dialect => _dialect;

    private Client.ClickHouseClient Client => warehouse.Client;

    protected override async Task<IReadOnlyList<string?[]>> QueryAsync(string sql, CancellationToken cancellationToken)
        => (await Client.QueryTsvAsync(sql, null, cancellationToken)).Rows;

    /// <summary>
    /// The HTTP client has no session, so scratch tables are real ones in the warehouse's database,
    /// named like staging tables (<c>sa_audit_stg_&lt;32 hex&gt;</c>, see <see cref="StagingTables"/>):
    /// unique per audit, and found by the staging sweep if the process dies before they are dropped.
    /// Memory engine: the narrow rows are few columns, read several times and never kept; the
    /// server's GROUP BY that builds them holds more than they take.
    /// </summary>
    protected override async Task<T> WithScratchTablesAsync<T>(Func<IScratchTables, Task<T>> work, CancellationToken cancellationToken)
    {
        var scratch = new ScratchTables(this);
        try
        {
            return await work(scratch);
        }
        finally
        {
            foreach (var name in scratch.Created)
            {
                await DropAsync(name);
            }
        }
    }

    private sealed class ScratchTables(ClickHouseTableAuditor auditor) : IScratchTables
    {
        public List<Identifier> Created { get; } = [];

        public async Task<string> CreateAsync(string select, CancellationToken cancellationToken)
        {
            var name = NewScratchName();
            Created.Add(name); // before the CREATE: a CREATE that fails half way leaves nothing behind either
            await auditor.Client.ExecuteAsync($"CREATE TABLE {auditor.Dialect.Table(name)} ENGINE = Memory AS {select}", cancellationToken);
            return auditor.Dialect.Table(name);
        }

        public Task<IReadOnlyList<string?[]>> QueryAsync(string sql, CancellationToken cancellationToken) => auditor.QueryAsync(sql, cancellationToken);
    }

    /// <summary>A fresh name for an audit's scratch table (<c>sa_audit_stg_&lt;32 hex&gt;</c>).</summary>
    internal static Identifier NewScratchName() => StagingTables.NewName(Identifier.Parse("sa_audit"), Guid.NewGuid());

    public override async Task<TableSchema?> DescribeTableAsync(Identifier table, CancellationToken cancellationToken)
    {
        var where = $"database = {ClickHouseSqlText.ClickHouseString(warehouse.Database.Value)} AND table = {ClickHouseSqlText.ClickHouseString(table.Value)}";
        var tables = await Client.QueryTsvAsync($"SELECT engine, partition_key FROM system.tables WHERE database = {ClickHouseSqlText.ClickHouseString(warehouse.Database.Value)} "
            + $"AND name = {ClickHouseSqlText.ClickHouseString(table.Value)}", null, cancellationToken);
        if (tables.Rows.Count == 0)
        {
            return null;
        }
        // ALIAS and MATERIALIZED columns are computed by the server: not part of what a row says.
        var rows = await Client.QueryTsvAsync($"SELECT name, type FROM system.columns WHERE {where} AND default_kind NOT IN ('ALIAS', 'MATERIALIZED')", null, cancellationToken);
        var columns = new List<SchemaColumn>();
        foreach (var r in rows.Rows)
        {
            if (!Identifier.TryParse(r[0], out var id, out var error, "column"))
            {
                throw new AuditSetupException($"table {table}: {error}; the audit quotes only names of [a-z0-9_]");
            }
            var type = r[1] ?? "";
            columns.Add(new SchemaColumn(id, type, Classify(type), type.Replace(" ", "", StringComparison.Ordinal).Contains("Nullable(", StringComparison.Ordinal)));
        }
        return new TableSchema(table, columns, tables.Rows[0][0] ?? "", tables.Rows[0][1] ?? "");
    }

    public override async Task<IReadOnlyDictionary<string, string>> PartitionLabelsAsync(Identifier table, CancellationToken cancellationToken)
    {
        var rows = await Client.QueryTsvAsync($"SELECT partition_id, any(partition) FROM system.parts WHERE database = {ClickHouseSqlText.ClickHouseString(warehouse.Database.Value)} "
            + $"AND table = {ClickHouseSqlText.ClickHouseString(table.Value)} AND active GROUP BY partition_id", null, cancellationToken);
        return rows.Rows.ToDictionary(r => r[0] ?? "", r => r[1] ?? "", StringComparer.Ordinal);
    }

    private static ColumnClass Classify(string type) => ClickHouseAuditDialect.Base(type) switch
    {
        var t when t.StartsWith("DateTime", StringComparison.Ordinal) => ColumnClass.Timestamp,
        var t when t.StartsWith("Date", StringComparison.Ordinal) => ColumnClass.Date,
        "Bool" => ColumnClass.Bool,
        var t when t.StartsWith("String", StringComparison.Ordinal) || t.StartsWith("FixedString", StringComparison.Ordinal) || t.StartsWith("Enum", StringComparison.Ordinal) => ColumnClass.Text,
        var t when t.StartsWith("Int", StringComparison.Ordinal) || t.StartsWith("UInt", StringComparison.Ordinal) || t.StartsWith("Float", StringComparison.Ordinal)
                   || t.StartsWith("Decimal", StringComparison.Ordinal) => ColumnClass.Number,
        _ => ColumnClass.Other,
    };
}
