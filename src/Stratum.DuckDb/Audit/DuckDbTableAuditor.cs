using Stratum.Cleanup.Sql;
using System.Globalization;
using DuckDB.NET.Data;
using Stratum.Audit;
using Stratum.Audit.Sql;
using Stratum.Names;

namespace Stratum.DuckDb.Audit;

/// <summary>
/// The audit port on DuckDB. DuckDB has no partitions: a tenant is the unit a cleanup reports and
/// logs, and every cleanup or restore is one transaction (backup, delete, insert, log — all or nothing).
/// </summary>
public sealed partial class DuckDbTableAuditor(DuckDbWarehouse warehouse) : SqlTableRewriter
{
    public override string Describe => warehouse.Describe;

    protected override AuditDialect Dialect => DuckDbAuditDialect.Instance;

    protected override Task<IReadOnlyList<string?[]>> QueryAsync(string sql, CancellationToken cancellationToken)
        => warehouse.WithConnectionAsync(c => ReadAsync(c, sql, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<string?[]>> ReadAsync(DuckDBConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<string?[]>();
        while (await r.ReadAsync(ct))
        {
            var row = new string?[r.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = r.IsDBNull(i) ? null : r.GetValue(i) switch
                {
                    bool b => b ? "1" : "0",
                    DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var v => v.ToString(),
                };
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// Temporary tables on one connection, which every query of <paramref name="work"/> uses: private
    /// to it (so plain numbered names serve every audit), gone with it whatever happens, and dropped
    /// at the end besides.
    /// </summary>
    protected override Task<T> WithScratchTablesAsync<T>(Func<IScratchTables, Task<T>> work, CancellationToken cancellationToken)
        => warehouse.WithConnectionAsync(async c =>
        {
            var scratch = new ScratchTables(c);
            try
            {
                return await work(scratch);
            }
            finally
            {
                foreach (var name in scratch.Created)
                {
                    await ExecAsync(c, $"DROP TABLE IF EXISTS {name}", CancellationToken.None);
                }
            }
        }, cancellationToken);

    private sealed class ScratchTables(DuckDBConnection connection) : IScratchTables
    {
        public List<string> Created { get; } = [];

        public async Task<string> CreateAsync(string select, CancellationToken cancellationToken)
        {
            var name = $"temp.sa_audit_{(Created.Count + 1).ToString(CultureInfo.InvariantCulture)}";
            Created.Add(name);
            await ExecAsync(connection, $"CREATE TEMPORARY TABLE {name} AS {select}", cancellationToken);
            return name;
        }

        public Task<IReadOnlyList<string?[]>> QueryAsync(string sql, CancellationToken cancellationToken) => ReadAsync(connection, sql, cancellationToken);
    }

    public override Task<TableSchema?> DescribeTableAsync(Identifier table, CancellationToken cancellationToken)
        => warehouse.WithConnectionAsync(c => DescribeOnAsync(c, table, cancellationToken), cancellationToken);

    private static async Task<TableSchema?> DescribeOnAsync(DuckDBConnection c, Identifier table, CancellationToken cancellationToken)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $t ORDER BY ordinal_position";
            cmd.Parameters.Add(new DuckDBParameter("t", table.Value));
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            var columns = new List<SchemaColumn>();
            while (await r.ReadAsync(cancellationToken))
            {
                var name = r.GetString(0);
                if (!Identifier.TryParse(name, out var id, out var error, "column"))
                {
                    throw new AuditSetupException($"table {table}: {error}; the audit quotes only names of [a-z0-9_]");
                }
                var type = r.GetString(1);
                columns.Add(new SchemaColumn(id, type, Classify(type), r.GetString(2) == "YES"));
            }
            return columns.Count == 0 ? null : new TableSchema(table, columns);
        }

    private static ColumnClass Classify(string type)
    {
        var t = type.ToUpperInvariant();
        return t switch
        {
            "BOOLEAN" => ColumnClass.Bool,
            "DATE" => ColumnClass.Date,
            _ when t.StartsWith("TIMESTAMP", StringComparison.Ordinal) => ColumnClass.Timestamp,
            "VARCHAR" or "TEXT" or "UUID" => ColumnClass.Text,
            _ when t.Contains("INT", StringComparison.Ordinal) || t.StartsWith("DECIMAL", StringComparison.Ordinal) || t is "DOUBLE" or "FLOAT" or "REAL" => ColumnClass.Number,
            _ => ColumnClass.Other,
        };
    }
}
