using System.Data.Common;
using DuckDB.NET.Data;
using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;
using static Stratum.Sql.SqlText;

namespace Stratum.DuckDb;

/// <summary>
/// The physical column order of a target table — tenant, business columns, SCD and lineage
/// columns — and how a <see cref="VersionRow"/> maps onto it, both ways.
/// </summary>
internal sealed class TableLayout
{
    private readonly TableContract _contract;

    public TableLayout(TableContract contract)
    {
        _contract = contract;
        var scd = contract.ScdColumns;
        Columns =
        [
            new ColumnSpec(scd.TenantId, ColumnType.String, false),
            .. contract.Columns,
            new ColumnSpec(scd.EffectiveDate, ColumnType.Timestamp, false),
            new ColumnSpec(scd.ExpirationDate, ColumnType.Timestamp, true),
            new ColumnSpec(scd.IsCurrent, ColumnType.Bool, false),
            new ColumnSpec(scd.DataHash, ColumnType.String, false),
            new ColumnSpec(scd.RecordVersion, ColumnType.Int64, false),
            new ColumnSpec(scd.SourceFile, ColumnType.String, false),
            new ColumnSpec(scd.LoadId, ColumnType.String, false),
            new ColumnSpec(scd.Hidden, ColumnType.String, false),
        ];
        SelectList = string.Join(", ", Columns.Select(c => Quote(c.Name)));
    }

    public IReadOnlyList<ColumnSpec> Columns { get; }

    public string SelectList { get; }

    public IDuckDBAppenderRow Append(IDuckDBAppenderRow row, TenantId tenant, VersionRow v)
    {
        row.AppendValue(tenant.Value);
        for (var i = 0; i < _contract.Columns.Length; i++)
        {
            AppendValue(row, _contract.Columns[i].Type, v.Values[i]);
        }
        row.AppendValue(v.EffectiveDate)
            .AppendValue(v.ExpirationDate)
            .AppendValue(v.IsCurrent)
            .AppendValue(v.Hash)
            .AppendValue((long)v.RecordVersion)
            .AppendValue(v.SourceFile)
            .AppendValue(v.LoadId)
            .AppendValue(v.Hidden);
        return row;
    }

    public static void AppendValue(IDuckDBAppenderRow row, ColumnType type, object? value)
    {
        if (value is null)
        {
            row.AppendNullValue();
            return;
        }
        switch (type.Kind)
        {
            case ColumnKind.String: row.AppendValue((string)value); break;
            case ColumnKind.Int64: row.AppendValue((long)value); break;
            case ColumnKind.Float64: row.AppendValue((double)value); break;
            case ColumnKind.Decimal: row.AppendValue((decimal)value); break;
            case ColumnKind.Bool: row.AppendValue((bool)value); break;
            case ColumnKind.Date: row.AppendValue((DateOnly)value); break;
            case ColumnKind.Timestamp: row.AppendValue((DateTime)value); break;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }
    }

    public VersionRow Read(DbDataReader r)
    {
        var values = new object?[_contract.Columns.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ReadValue(r, i + 1, _contract.Columns[i].Type);
        }
        var o = _contract.Columns.Length + 1;
        return new VersionRow
        {
            Key = RowKey.FromRow(_contract, values),
            Values = values,
            EffectiveDate = Utc(r.GetDateTime(o)),
            ExpirationDate = r.IsDBNull(o + 1) ? null : Utc(r.GetDateTime(o + 1)),
            IsCurrent = r.GetBoolean(o + 2),
            Hash = r.GetString(o + 3),
            RecordVersion = (int)r.GetInt64(o + 4),
            SourceFile = r.GetString(o + 5),
            LoadId = r.GetString(o + 6),
            Hidden = r.GetString(o + 7),
        };
    }

    private static object? ReadValue(DbDataReader r, int ordinal, ColumnType type)
    {
        if (r.IsDBNull(ordinal))
        {
            return null;
        }
        return type.Kind switch
        {
            ColumnKind.String => r.GetString(ordinal),
            ColumnKind.Int64 => r.GetInt64(ordinal),
            ColumnKind.Float64 => r.GetDouble(ordinal),
            ColumnKind.Decimal => r.GetDecimal(ordinal),
            ColumnKind.Bool => r.GetBoolean(ordinal),
            ColumnKind.Date => r.GetFieldValue<DateOnly>(ordinal),
            ColumnKind.Timestamp => Utc(r.GetDateTime(ordinal)),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
    }

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);
}
