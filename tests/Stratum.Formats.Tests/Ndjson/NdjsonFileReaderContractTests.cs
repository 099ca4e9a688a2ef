using Stratum.Contracts;
using Stratum.Formats.Writing;

namespace Stratum.Formats.Tests.Ndjson;

/// <summary>The file reader contract, run against NDJSON (a file's columns are the keys of its lines).</summary>
public sealed class NdjsonFileReaderContractTests : FileReaderContractTests
{
    protected override string Format => "ndjson";

    protected override string NullFound => "is null";

    protected override string ColumnsAt => "row 1: ";

    protected override Task WriteRowsAsync(Stream stream, TableContract shape, IReadOnlyList<object?[]> rows)
        => NdjsonFileWriter.WriteAsync(stream, shape, rows, CancellationToken.None);
}
