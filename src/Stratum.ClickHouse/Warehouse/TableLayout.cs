using Stratum.ClickHouse.Client;
using Stratum.ClickHouse.RowBinary;
using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Sql;

namespace Stratum.ClickHouse.Warehouse;

/// <summary>
/// A contract as a ClickHouse table: <c>tenant_id</c>, the contract's columns, then the SCD and
/// lineage columns; MergeTree partitioned by tenant and ordered by (tenant, key…, effective date).
/// Writes and reads <see cref="VersionRow"/>s in that column order.
/// </summary>
public sealed class TableLayout
{
    private static readonly Identifier KeysTableName = Identifier.Parse("stratum_keys");

    public TableLayout(TableContract contract, bool dateTime64)
    {
        Contract = contract ?? throw new ArgumentNullException(nameof(contract));
        var scd = contract.ScdColumns;
        var ts = dateTime64 ? WireKind.DateTime64 : WireKind.DateTime;
        List<LayoutColumn> columns = [new(scd.TenantId, new WireType(WireKind.String, false), -1)];
        columns.AddRange(contract.Columns.Select((c, i) => new LayoutColumn(c.Name, WireType.For(c.Type, c.Nullable, dateTime64), i)));
        columns.Add(new(scd.EffectiveDate, new WireType(ts, false), -1));
        columns.Add(new(scd.ExpirationDate, new WireType(ts, true), -1));
        columns.Add(new(scd.IsCurrent, new WireType(WireKind.Bool, false), -1));
        columns.Add(new(scd.DataHash, new WireType(WireKind.String, false), -1));
        columns.Add(new(scd.RecordVersion, new WireType(WireKind.Int32, false), -1));
        columns.Add(new(scd.SourceFile, new WireType(WireKind.String, false), -1));
        columns.Add(new(scd.LoadId, new WireType(WireKind.String, false), -1));
        columns.Add(new(scd.Hidden, new WireType(WireKind.String, false), -1));
        Columns = columns;
        KeyColumns = [.. contract.KeyOrdinals.Select(o => columns[o + 1])];
        ColumnList = string.Join(", ", columns.Select(c => SqlText.Quote(c.Name)));
        ReadColumnList = string.Join(", ", columns.Skip(1).Select(c => SqlText.Quote(c.Name)));
        KeyTuple = KeyColumns.Count == 1 ? SqlText.Quote(KeyColumns[0].Name) : "(" + string.Join(", ", KeyColumns.Select(k => SqlText.Quote(k.Name))) + ")";
        SortingKey = [scd.TenantId, .. contract.Key, scd.EffectiveDate];
    }

    public TableContract Contract { get; }

    public IReadOnlyList<LayoutColumn> Columns { get; }

    public IReadOnlyList<LayoutColumn> KeyColumns { get; }

    /// <summary>Every column, quoted, in table order.</summary>
    public string ColumnList { get; }

    /// <summary>Every column but the tenant: what history reads select.</summary>
    public string ReadColumnList { get; }

    /// <summary><c>"id"</c> or <c>("a", "b")</c>: the left side of a key <c>IN</c>.</summary>
    public string KeyTuple { get; }

    public IReadOnlyList<Identifier> SortingKey { get; }

    public Identifier Tenant => Contract.ScdColumns.TenantId;

    /// <summary>The engine clause, shared by the target and its staging tables (REPLACE PARTITION needs both equal).</summary>
    public string EngineClause
        => $"ENGINE = MergeTree PARTITION BY {SqlText.Quote(Tenant)} ORDER BY ({string.Join(", ", SortingKey.Select(SqlText.Quote))})";

    public string CreateTableSql(string qualifiedName)
        => $"CREATE TABLE IF NOT EXISTS {qualifiedName} (\n    "
           + string.Join(",\n    ", Columns.Select(c => $"{SqlText.Quote(c.Name)} {c.Type.TypeName}"))
           + $"\n) {EngineClause}";

    public void WriteRow(RowBinaryWriter writer, string tenant, VersionRow row)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(row);
        writer.WriteString(tenant);
        for (var i = 0; i < Contract.Columns.Length; i++)
        {
            var column = Columns[i + 1];
            try
            {
                column.Type.Write(writer, row.Values[i]);
            }
            catch (Exception e) when (e is ArgumentException or InvalidCastException or OverflowException)
            {
                throw new StratumException($"key {row.Key}: column '{column.Name}' ({column.Type.TypeName}) cannot hold {Show(row.Values[i])}: {e.Message}", e);
            }
        }
        var scd = Columns.Count - 8;
        Columns[scd].Type.Write(writer, row.EffectiveDate);
        Columns[scd + 1].Type.Write(writer, row.ExpirationDate);
        writer.WriteBool(row.IsCurrent);
        writer.WriteString(row.Hash);
        writer.WriteInt32(row.RecordVersion);
        writer.WriteString(row.SourceFile);
        writer.WriteString(row.LoadId);
        writer.WriteString(row.Hidden);
    }

    /// <summary>Reads a row selected with <see cref="ReadColumnList"/>.</summary>
    public VersionRow ReadRow(RowBinaryReader reader)
    {
        var values = new object?[Contract.Columns.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Columns[i + 1].Type.Read(reader);
        }
        var scd = Columns.Count - 8;
        var keyValues = new object?[Contract.KeyOrdinals.Length];
        for (var k = 0; k < keyValues.Length; k++)
        {
            keyValues[k] = values[Contract.KeyOrdinals[k]];
        }
        return new VersionRow
        {
            Key = RowKey.FromValues(Contract, keyValues),
            Values = values,
            EffectiveDate = (DateTime)Columns[scd].Type.Read(reader)!,
            ExpirationDate = (DateTime?)Columns[scd + 1].Type.Read(reader),
            IsCurrent = reader.ReadBool(),
            Hash = reader.ReadString(),
            RecordVersion = reader.ReadInt32(),
            SourceFile = reader.ReadString(),
            LoadId = reader.ReadString(),
            Hidden = reader.ReadString(),
        };
    }

    /// <summary>The keys as an external table, and the subquery that selects them in the target's types.</summary>
    public (ExternalTable Table, string Select) KeysTable(IEnumerable<RowKey> keys)
    {
        var table = ExternalTable.Build(KeysTableName, [.. KeyColumns.Select(k => (k.Name, k.Type.KeyTransport.ExternalType))], keys, WriteKey);
        return (table, SelectKeysFrom(SqlText.Quote(KeysTableName)));
    }

    /// <summary>The columns of a table of keys as they travel (<see cref="WireType.KeyTransport"/>), for a CREATE TABLE.</summary>
    public string KeysTableColumns => string.Join(", ", KeyColumns.Select(k => $"{SqlText.Quote(k.Name)} {k.Type.KeyTransport.ExternalType}"));

    /// <summary>Writes a key as a row of a table of keys.</summary>
    public void WriteKey(RowBinaryWriter writer, RowKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < KeyColumns.Count; i++)
        {
            KeyColumns[i].Type.WriteKey(writer, key.Values[i]);
        }
    }

    /// <summary>The subquery that selects a table of keys (<paramref name="from"/>, quoted) in the target's types.</summary>
    public string SelectKeysFrom(string from)
        => $"SELECT {string.Join(", ", KeyColumns.Select(k => k.Type.KeyTransport.Restore(SqlText.Quote(k.Name))))} FROM {from}";

    private static string Show(object? value) => value is null ? "NULL" : $"{value} ({value.GetType().Name})";
}
