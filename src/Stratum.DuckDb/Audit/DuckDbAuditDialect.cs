using System.Globalization;
using Stratum.Audit;
using Stratum.Audit.Sql;
using Stratum.Names;
using Stratum.Sql;

namespace Stratum.DuckDb.Audit;

/// <summary>The audit's SQL as DuckDB spells it (window functions allowed: intervals use <c>lead</c>).</summary>
internal sealed class DuckDbAuditDialect : AuditDialect
{
    public static DuckDbAuditDialect Instance { get; } = new();

    public override string Table(Identifier table) => SqlText.Quote(table);

    public override string Int64(long value) => $"CAST({value.ToString(CultureInfo.InvariantCulture)} AS BIGINT)";

    public override string String(string value) => SqlText.StandardString(value);

    public override string Flag(Identifier column) => $"CASE WHEN CAST({Quote(column)} AS BOOLEAN) THEN 1 ELSE 0 END";

    public override string FlagValue(string expression, SchemaColumn column)
        => column.Class == ColumnClass.Bool ? $"({expression} = 1)" : expression;

    public override string RowHash(IReadOnlyList<SchemaColumn> columns)
        => columns.Count == 0 ? "CAST(0 AS UBIGINT)" : $"hash({string.Join(", ", columns.Select(c => Quote(c.Name)))})";

    public override string Text(Identifier column) => $"CAST({Quote(column)} AS VARCHAR)";

    public override string ByteLengthText(string text) => $"CAST(strlen({text}) AS VARCHAR)";

    public override string Concat(IReadOnlyList<string> parts) => string.Join(" || ", parts);

    public override string Micros(string expression, SchemaColumn column)
        => column.Class == ColumnClass.Date ? $"epoch_us(CAST({expression} AS TIMESTAMP))" : $"epoch_us({expression})";

    public override string FromMicros(string expression, SchemaColumn column)
        => column.Class == ColumnClass.Date ? $"CAST(make_timestamp({expression}) AS DATE)" : $"make_timestamp({expression})";

    public override string CountIf(string condition) => $"count_if({condition})";

    public override string CountDistinctIf(IReadOnlyList<string> expressions, string condition)
        => $"count(DISTINCT CASE WHEN {condition} THEN {(expressions.Count == 1 ? expressions[0] : "(" + string.Join(", ", expressions) + ")")} END)";

    public override string PartitionOf(AuditedTable table) => Text(table.Tenant);

    public override string IntervalMetrics(string starts)
        => "SELECT sa_t, sa_kt, sum(CASE WHEN sa_nx IS NOT NULL AND sa_end > sa_nx THEN 1 ELSE 0 END) AS sa_o, "
           + "sum(CASE WHEN sa_nx IS NOT NULL AND sa_end < sa_nx THEN 1 ELSE 0 END) AS sa_g FROM ("
           + $"SELECT sa_t, sa_kt, sa_end, lead(sa_e) OVER (PARTITION BY sa_t, sa_kt ORDER BY sa_e) AS sa_nx FROM ({starts})) GROUP BY sa_t, sa_kt";

    public override string ToInt64(string expression) => $"CAST({expression} AS BIGINT)";

    public override string LineageValues(string from, string identity, Identifier lineage)
        => "SELECT sa_val, count(*) AS sa_rows, count(DISTINCT sa_gid) AS sa_groups FROM (SELECT unnest(sa_vals) AS sa_val, sa_gid FROM ("
           + $"SELECT list(coalesce(CAST({Quote(lineage)} AS VARCHAR), '(null)')) AS sa_vals, row_number() OVER () AS sa_gid FROM {from} "
           + $"GROUP BY {identity} HAVING count(*) > 1)) GROUP BY sa_val";
}
