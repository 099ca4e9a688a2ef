using Stratum.Formats.Csv;
using Stratum.Formats.Ndjson;
using Stratum.Formats.Parquet;

namespace Stratum.Formats.Tests;

public class FileReadersTests
{
    [Theory]
    [InlineData("acme/canonical/items/2024/part-0.parquet", typeof(ParquetFileReader))]
    [InlineData("a/b.parquet.gz", typeof(ParquetFileReader))]
    [InlineData("a/b.PARQUET", typeof(ParquetFileReader))]
    [InlineData("a/b.ndjson", typeof(NdjsonFileReader))]
    [InlineData("a/b.jsonl.gz", typeof(NdjsonFileReader))]
    [InlineData("a/b.json", typeof(NdjsonFileReader))]
    [InlineData("a/b.Json.GZ", typeof(NdjsonFileReader))]
    [InlineData("a/b.csv", typeof(CsvFileReader))]
    [InlineData("a/b.csv.gz", typeof(CsvFileReader))]
    public void Picks_the_reader_by_extension(string key, Type expected) => Assert.IsType(expected, FileReaders.For(key));

    [Theory]
    [InlineData("a/b.txt")]
    [InlineData("a/b.gz")]
    [InlineData("a/b.csv.zip")]
    [InlineData("a/b.csvx")]
    [InlineData("a/_SUCCESS")]
    [InlineData("a/.csv")]
    [InlineData("csv")]
    public void Unknown_extension_has_no_reader(string key) => Assert.Null(FileReaders.For(key));

    [Fact]
    public void Lists_one_reader_per_format() =>
        Assert.Equal([typeof(ParquetFileReader), typeof(NdjsonFileReader), typeof(CsvFileReader)], FileReaders.All.Select(r => r.GetType()));
}
