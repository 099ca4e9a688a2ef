using System.Globalization;
using Stratum.Audit;
using Stratum.Audit.Sql;
using Stratum.Names;
using Stratum.Sql;

namespace Stratum.ClickHouse.Audit;

/// <summary>
/// The audit's SQL as ClickHouse spells it, from 18.16 on: no window functions (intervals are
/// checked over a sorted array per key), <c>cityHash64</c> with NULL-safe arguments, partition ids
/// from the <c>_partition_id</c> virtual column, DateTime64 only through functions newer servers have.
/// </summary>
internal sealed class ClickHouseAuditDialect(Identifier database) : AuditDialect
{
    public override string Table(Identifier table) => $"{SqlText.Quote(database)}.{SqlText.Quote(table)}";

    public override string Int64(long value) => $"toInt64({value.ToString(CultureInfo.InvariantCulture)})";

    public override string String(string value) => ClickHouseSqlText.ClickHouseString(value);

    public override string Flag(Identifier column) => $"if({Quote(column)} = 1, 1, 0)";

    public override string FlagValue(string expression, SchemaColumn column) => expression;

    /// <summary>cityHash64 over every column: a NULL-able column as (is null, value), and types 18.16's
    /// cityHash64 refuses (Decimal and anything unusual) by their text form.</summary>
    public override string RowHash(IReadOnlyList<SchemaColumn> columns)
        => columns.Count == 0 ? "toUInt64(0)" : "cityHash64(" + string.Join(", ", columns.Select(HashArgument)) + ")";

    private string HashArgument(SchemaColumn c)
    {
        var value = c.Nullable ? $"assumeNotNull({Quote(c.Name)})" : Quote(c.Name);
        var text = Base(c.Type).StartsWith("Decimal", StringComparison.Ordinal) || c.Class == ColumnClass.Other;
        value = text ? $"toString({value})" : value;
        return c.Nullable ? $"isNull({Quote(c.Name)}), {value}" : value;
    }

    public override string Text(Identifier column) => $"toString({Quote(column)})";

    public override string ByteLengthText(string text) => $"toString(length({text}))";

    public override string Concat(IReadOnlyList<string> parts) => $"concat({string.Join(", ", parts)})";

    public override string Micros(string expression, SchemaColumn column) => Base(column.Type) switch
    {
        var t when t.StartsWith("DateTime64", StringComparison.Ordinal) => $"toUnixTimestamp64Micro({expression})",
        var t when t.StartsWith("DateTime", StringComparison.Ordinal) => $"(toInt64(toUnixTimestamp({expression})) * 1000000)",
        _ => $"(toInt64(toUnixTimestamp(toDateTime({expression}))) * 1000000)",
    };

    public override string FromMicros(string expression, SchemaColumn column) => Base(column.Type) switch
    {
        var t when t.StartsWith("DateTime64", StringComparison.Ordinal) => $"fromUnixTimestamp64Micro({expression})",
        var t when t.StartsWith("DateTime", StringComparison.Ordinal) => $"toDateTime(intDiv({expression}, 1000000))",
        _ => $"toDate(toDateTime(intDiv({expression}, 1000000)))",
    };

    public override string CountIf(string condition) => $"countIf({condition})";

    public override string CountDistinctIf(IReadOnlyList<string> expressions, string condition) => $"uniqExactIf({string.Join(", ", expressions)}, {condition})";

    public override string PartitionOf(AuditedTable table) => "_partition_id";

    public override string IntervalMetrics(string starts)
        => "SELECT sa_t, sa_kt, arraySort(groupArray((sa_e, sa_end))) AS sa_iv, "
           + "arrayCount(i -> i < length(sa_iv) AND tupleElement(sa_iv[i], 2) > tupleElement(sa_iv[i + 1], 1), arrayEnumerate(sa_iv)) AS sa_o, "
           + "arrayCount(i -> i < length(sa_iv) AND tupleElement(sa_iv[i], 2) < tupleElement(sa_iv[i + 1], 1), arrayEnumerate(sa_iv)) AS sa_g "
           + $"FROM ({starts}) GROUP BY sa_t, sa_kt";

    public override string ToInt64(string expression) => $"toInt64({expression})";

    public override string LineageValues(string from, string identity, Identifier lineage)
        => "SELECT sa_val, count() AS sa_rows, uniqExact(sa_gid) AS sa_groups FROM ("
           + $"SELECT groupArray(ifNull(toString({Quote(lineage)}), '(null)')) AS sa_vals, rowNumberInAllBlocks() AS sa_gid FROM {from} "
           + $"GROUP BY {identity} HAVING count() > 1) ARRAY JOIN sa_vals AS sa_val GROUP BY sa_val";

    /// <summary>The type without Nullable(…) and LowCardinality(…) around it.</summary>
    public static string Base(string type)
    {
        var t = type.Replace(" ", "", StringComparison.Ordinal);
        foreach (var wrapper in new[] { "Nullable(", "LowCardinality(" })
        {
            if (t.StartsWith(wrapper, StringComparison.Ordinal) && t.EndsWith(')'))
            {
                t = t[wrapper.Length..^1];
            }
        }
        return t;
    }
}
