using ParquetSharp;
using ParquetSharp.Schema;
using Stratum.Contracts;
using Stratum.Formats.Values;

namespace Stratum.Formats.Writing;

/// <summary>One contract column's values for the row group being written, typed for ParquetSharp.</summary>
internal abstract class ParquetColumnBuffer
{
    private static readonly DateOnly Epoch = DateOnly.FromDateTime(DateTime.UnixEpoch);

    public abstract void Add(int index, object? value);

    public abstract void Write(ColumnWriter writer, int count);

    /// <summary>The schema node (nullable columns optional, others required) and the buffer that fills it.</summary>
    public static (Node Node, ParquetColumnBuffer Buffer) For(ColumnSpec column, int capacity)
    {
        var name = column.Name.Value;
        var type = column.Type;
        return (type.Kind, column.Nullable) switch
        {
            (ColumnKind.String, var nullable) => (
                new PrimitiveNode(name, nullable ? Repetition.Optional : Repetition.Required, LogicalType.String(), PhysicalType.ByteArray),
                new Typed<string?>(capacity, v => v is null && nullable ? null : Check<string>(v, column))),
            (ColumnKind.Int64, false) => Make<long>(column, capacity, null, v => Check<long>(v, column)),
            (ColumnKind.Int64, true) => Make<long?>(column, capacity, null, v => v is null ? null : Check<long>(v, column)),
            (ColumnKind.Float64, false) => Make<double>(column, capacity, null, v => Check<double>(v, column)),
            (ColumnKind.Float64, true) => Make<double?>(column, capacity, null, v => v is null ? null : Check<double>(v, column)),
            (ColumnKind.Decimal, false) => Make<decimal>(column, capacity, LogicalType.Decimal(type.Precision, type.Scale), v => Check<decimal>(v, column)),
            (ColumnKind.Decimal, true) => Make<decimal?>(column, capacity, LogicalType.Decimal(type.Precision, type.Scale), v => v is null ? null : Check<decimal>(v, column)),
            (ColumnKind.Bool, false) => Make<bool>(column, capacity, null, v => Check<bool>(v, column)),
            (ColumnKind.Bool, true) => Make<bool?>(column, capacity, null, v => v is null ? null : Check<bool>(v, column)),
            (ColumnKind.Date, false) => Make<Date>(column, capacity, null, v => ToDate(Check<DateOnly>(v, column))),
            (ColumnKind.Date, true) => Make<Date?>(column, capacity, null, v => v is null ? null : ToDate(Check<DateOnly>(v, column))),
            (ColumnKind.Timestamp, false) => Make<DateTime>(column, capacity, Micros(), v => ValueFormatter.Utc(Check<DateTime>(v, column))),
            (ColumnKind.Timestamp, true) => Make<DateTime?>(column, capacity, Micros(), v => v is null ? null : ValueFormatter.Utc(Check<DateTime>(v, column))),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, "unknown column kind"),
        };
    }

    private static LogicalType Micros() => LogicalType.Timestamp(isAdjustedToUtc: true, TimeUnit.Micros);

    private static Date ToDate(DateOnly d) => new(d.DayNumber - Epoch.DayNumber);

    private static (Node, ParquetColumnBuffer) Make<T>(ColumnSpec column, int capacity, LogicalType? logical, Func<object?, T> convert)
    {
        var definition = new Column(typeof(T), column.Name.Value, logical);
        return (definition.CreateSchemaNode(), new Typed<T>(capacity, convert));
    }

    private static T Check<T>(object? value, ColumnSpec column) => value switch
    {
        T t => t,
        null => throw new ArgumentException($"column '{column.Name}' is not nullable but a row holds null", nameof(value)),
        _ => throw ValueFormatter.WrongType(value, column.Type, column.Name.Value),
    };

    private sealed class Typed<T>(int capacity, Func<object?, T> convert) : ParquetColumnBuffer
    {
        private readonly T[] _values = new T[capacity];

        public override void Add(int index, object? value) => _values[index] = convert(value);

        public override void Write(ColumnWriter writer, int count)
        {
            using var logical = writer.LogicalWriter<T>();
            logical.WriteBatch(_values, 0, count);
        }
    }
}
