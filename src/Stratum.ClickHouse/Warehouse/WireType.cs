using System.Globalization;
using Stratum.ClickHouse.RowBinary;
using Stratum.Contracts;

namespace Stratum.ClickHouse.Warehouse;

/// <summary>
/// A column's ClickHouse type and how a row value (string, long, int, double, decimal, bool,
/// DateOnly, DateTime) is written to and read from RowBinary.
/// </summary>
public readonly record struct WireType(WireKind Kind, bool Nullable, int Precision = 0, int Scale = 0)
{
    public static WireType For(ColumnType type, bool nullable, bool dateTime64) => type.Kind switch
    {
        ColumnKind.String => new(WireKind.String, nullable),
        ColumnKind.Int64 => new(WireKind.Int64, nullable),
        ColumnKind.Float64 => new(WireKind.Float64, nullable),
        ColumnKind.Decimal => new(WireKind.Decimal, nullable, type.Precision, type.Scale),
        ColumnKind.Bool => new(WireKind.Bool, nullable),
        ColumnKind.Date => new(WireKind.Date, nullable),
        ColumnKind.Timestamp => new(dateTime64 ? WireKind.DateTime64 : WireKind.DateTime, nullable),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown column kind"),
    };

    /// <summary>The type as written in DDL, e.g. <c>Nullable(Decimal(18, 4))</c>.</summary>
    public string TypeName => Nullable ? $"Nullable({InnerName})" : InnerName;

    public string InnerName => Kind switch
    {
        WireKind.String => "String",
        WireKind.Int64 => "Int64",
        WireKind.Int32 => "Int32",
        WireKind.Float64 => "Float64",
        WireKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"Decimal({Precision}, {Scale})"),
        WireKind.Bool => "UInt8",
        WireKind.Date => "Date",
        WireKind.DateTime => "DateTime('UTC')",
        WireKind.DateTime64 => "DateTime64(6, 'UTC')",
        _ => throw new InvalidOperationException($"unknown wire kind {Kind}"),
    };

    public void Write(RowBinaryWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (Nullable)
        {
            writer.WriteNullFlag(value is null);
            if (value is null)
            {
                return;
            }
        }
        else if (value is null)
        {
            throw new ArgumentNullException(nameof(value), $"NULL for a non-nullable {InnerName} column");
        }
        switch (Kind)
        {
            case WireKind.String: writer.WriteString((string)value); break;
            case WireKind.Int64: writer.WriteInt64((long)value); break;
            case WireKind.Int32: writer.WriteInt32((int)value); break;
            case WireKind.Float64: writer.WriteFloat64((double)value); break;
            case WireKind.Decimal: writer.WriteDecimal((decimal)value, Precision, Scale); break;
            case WireKind.Bool: writer.WriteBool((bool)value); break;
            case WireKind.Date: writer.WriteDate((DateOnly)value); break;
            case WireKind.DateTime: writer.WriteDateTime((DateTime)value); break;
            case WireKind.DateTime64: writer.WriteDateTime64Micro((DateTime)value); break;
            default: throw new InvalidOperationException($"unknown wire kind {Kind}");
        }
    }

    public object? Read(RowBinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (Nullable && reader.ReadIsNull())
        {
            return null;
        }
        return Kind switch
        {
            WireKind.String => reader.ReadString(),
            WireKind.Int64 => reader.ReadInt64(),
            WireKind.Int32 => reader.ReadInt32(),
            WireKind.Float64 => reader.ReadFloat64(),
            WireKind.Decimal => reader.ReadDecimal(Precision, Scale),
            WireKind.Bool => reader.ReadBool(),
            WireKind.Date => reader.ReadDate(),
            WireKind.DateTime => reader.ReadDateTime(),
            WireKind.DateTime64 => reader.ReadDateTime64Micro(),
            _ => throw new InvalidOperationException($"unknown wire kind {Kind}"),
        };
    }

    /// <summary>How a key value of this type travels in an external table (whose type names may hold no comma,
    /// space or quote on 18.16), and the expression that turns it back into this type.</summary>
    public (string ExternalType, Func<string, string> Restore) KeyTransport
    {
        get
        {
            var inner = InnerName;
            return Kind switch
            {
                WireKind.String or WireKind.Int64 or WireKind.Int32 or WireKind.Float64 or WireKind.Date => (inner, c => c),
                WireKind.Bool => ("UInt8", c => c),
                WireKind.DateTime => ("DateTime", c => c),
                _ => ("String", c => $"CAST({c} AS {inner})"),
            };
        }
    }

    /// <summary>Writes a key value as <see cref="KeyTransport"/> says.</summary>
    public void WriteKey(RowBinaryWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (Kind)
        {
            case WireKind.Decimal:
                writer.WriteString(Hashing.CanonicalEncoder.DecimalText((decimal)value!, Scale));
                break;
            case WireKind.DateTime64:
                writer.WriteString(((DateTime)value!).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
                break;
            default:
                (this with { Nullable = false }).Write(writer, value);
                break;
        }
    }
}
