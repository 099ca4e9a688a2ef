using Stratum.Names;

namespace Stratum.Audit.Sql;

/// <summary>
/// The few places where ClickHouse (18.16 and later) and DuckDB spell the audit's SQL differently.
/// Everything here builds SQL from validated <see cref="Identifier"/>s, numbers the code computes
/// and string literals escaped by <see cref="Stratum.Sql.SqlText"/>; nothing a user typed is spliced in.
/// Times travel as microseconds since the Unix epoch (Int64), so no time zone or format is involved.
/// </summary>
public abstract class AuditDialect
{
    /// <summary>The table's name as SQL (quoted, qualified where the warehouse has databases).</summary>
    public abstract string Table(Identifier table);

    public string Quote(Identifier column) => Stratum.Sql.SqlText.Quote(column);

    /// <summary>A 64-bit integer literal, typed as such.</summary>
    public abstract string Int64(long value);

    /// <summary>A string literal.</summary>
    public abstract string String(string value);

    /// <summary>1 when the flag column is true, else 0 (an integer in both engines).</summary>
    public abstract string Flag(Identifier column);

    /// <summary>A 64-bit hash of the columns, NULL-safe; equal rows hash equally. "0" for no columns.</summary>
    public abstract string RowHash(IReadOnlyList<SchemaColumn> columns);

    /// <summary>The column as text (NULL stays NULL).</summary>
    public abstract string Text(Identifier column);

    /// <summary>The length in UTF-8 bytes of a text expression, as text (NULL stays NULL).</summary>
    public abstract string ByteLengthText(string text);

    /// <summary>Text parts joined into one (none of them NULL).</summary>
    public abstract string Concat(IReadOnlyList<string> parts);

    /// <summary>Microseconds since the Unix epoch of an expression of the column's type (NULL stays NULL).</summary>
    public abstract string Micros(string expression, SchemaColumn column);

    /// <summary>The column's type from microseconds since the Unix epoch (NULL stays NULL).</summary>
    public abstract string FromMicros(string expression, SchemaColumn column);

    /// <summary>The flag column's value from a 0/1 integer expression.</summary>
    public abstract string FlagValue(string expression, SchemaColumn column);

    /// <summary>The number of rows where the condition holds (an aggregate).</summary>
    public abstract string CountIf(string condition);

    /// <summary>The number of distinct values of the expressions among rows where the condition holds (an aggregate).</summary>
    public abstract string CountDistinctIf(IReadOnlyList<string> expressions, string condition);

    /// <summary>The expression that names a row's partition (ClickHouse: its partition id; DuckDB: the tenant).</summary>
    public abstract string PartitionOf(AuditedTable table);

    /// <summary>
    /// Per key, over <paramref name="starts"/> (columns sa_t, sa_kt, sa_e = a start, sa_end = the latest end
    /// among rows starting there, far future when open): sa_o = how many consecutive starts overlap
    /// (an end after the next start), sa_g = how many leave a gap (an end before the next start).
    /// </summary>
    public abstract string IntervalMetrics(string starts);

    /// <summary>An integer expression as a 64-bit signed integer (so branches of a UNION ALL agree on the type).</summary>
    public abstract string ToInt64(string expression);

    /// <summary>
    /// For rows in duplicate groups (<paramref name="from"/> and <paramref name="identity"/> define
    /// them): per value of <paramref name="lineage"/> (as text, '(null)' for NULL) the rows (sa_rows)
    /// and groups (sa_groups). Columns sa_val, sa_rows, sa_groups; not ordered, not limited.
    /// </summary>
    public abstract string LineageValues(string from, string identity, Identifier lineage);
}
