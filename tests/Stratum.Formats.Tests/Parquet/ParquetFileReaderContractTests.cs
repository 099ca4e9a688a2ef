using Stratum.Contracts;
using Stratum.Formats.Writing;

namespace Stratum.Formats.Tests.Parquet;

/// <summary>The file reader contract, run against Parquet (written in one row group by Stratum's writer).</summary>
public sealed class ParquetFileReaderContractTests : FileReaderContractTests
{
    protected override string Format => "parquet";

    protected override string NullFound => "is null";

    protected override Task WriteRowsAsync(Stream stream, TableContract shape, IReadOnlyList<object?[]> rows)
        => ParquetFileWriter.WriteAsync(stream, shape, rows, CancellationToken.None);
}
