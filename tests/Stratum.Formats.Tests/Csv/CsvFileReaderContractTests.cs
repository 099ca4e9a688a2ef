using Stratum.Contracts;
using Stratum.Formats.Writing;

namespace Stratum.Formats.Tests.Csv;

/// <summary>The file reader contract, run against CSV (a null is an empty field).</summary>
public sealed class CsvFileReaderContractTests : FileReaderContractTests
{
    protected override string Format => "csv";

    protected override string NullFound => "is empty (null)";

    protected override Task WriteRowsAsync(Stream stream, TableContract shape, IReadOnlyList<object?[]> rows)
        => CsvFileWriter.WriteAsync(stream, shape, rows, CancellationToken.None);
}
