using ParquetSharp;

namespace Stratum.Formats.Parquet;

/// <summary>Short names of Parquet column types for rejection messages: int32, timestamp(micros, utc), decimal(18,4) …</summary>
internal static class ParquetTypeNames
{
    public static string Of(ColumnDescriptor column)
    {
        using var logical = column.LogicalType;
        return logical switch
        {
            StringLogicalType => "string",
            IntLogicalType i => $"{(i.IsSigned ? "int" : "uint")}{i.BitWidth}",
            DecimalLogicalType d => $"decimal({d.Precision},{d.Scale})",
            DateLogicalType => "date",
            TimestampLogicalType t => $"timestamp({t.TimeUnit.ToString().ToLowerInvariant()}{(t.IsAdjustedToUtc ? ", utc" : "")})",
            TimeLogicalType t => $"time({t.TimeUnit.ToString().ToLowerInvariant()})",
            NoneLogicalType => Physical(column),
            _ => $"{logical.Type.ToString().ToLowerInvariant()} ({Physical(column)})",
        };
    }

    private static string Physical(ColumnDescriptor column) => column.PhysicalType switch
    {
        PhysicalType.Boolean => "boolean",
        PhysicalType.Int32 => "int32",
        PhysicalType.Int64 => "int64",
        PhysicalType.Int96 => "int96",
        PhysicalType.Float => "float",
        PhysicalType.Double => "double",
        PhysicalType.ByteArray => "byte_array",
        PhysicalType.FixedLenByteArray => $"fixed_len_byte_array({column.TypeLength})",
        _ => column.PhysicalType.ToString().ToLowerInvariant(),
    };
}
