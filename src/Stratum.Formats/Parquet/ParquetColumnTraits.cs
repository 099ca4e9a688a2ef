using ParquetSharp;
using Stratum.Contracts;

namespace Stratum.Formats.Parquet;

/// <summary>What a file column's schema says beyond its element type, for choosing a converter.</summary>
/// <param name="BytesAreText">BYTE_ARRAY without annotation: legacy writers' strings, read as UTF-8</param>
/// <param name="DecimalAlwaysFits">a DECIMAL whose precision and scale fit the contract's, so no value needs checking</param>
internal readonly record struct ParquetColumnTraits(bool BytesAreText, bool DecimalAlwaysFits)
{
    public static ParquetColumnTraits Of(ColumnDescriptor column, ColumnType contractType)
    {
        using var logical = column.LogicalType;
        return new ParquetColumnTraits(
            logical is NoneLogicalType && column.PhysicalType == PhysicalType.ByteArray,
            logical is DecimalLogicalType d && contractType.Kind == ColumnKind.Decimal
                && d.Scale <= contractType.Scale && d.Precision - d.Scale <= contractType.Precision - contractType.Scale);
    }
}
