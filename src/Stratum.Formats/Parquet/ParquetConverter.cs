namespace Stratum.Formats.Parquet;

/// <summary>Converts one non-null Parquet value to its contract CLR value, or says why it cannot.</summary>
internal delegate object? ParquetConverter<in T>(T value, out string? problem);
