using System.IO.Compression;

namespace Stratum.Formats.Tests;

/// <summary>Every format also reads gzipped; content that is not gzip, or a cut-off gzip, is a bad file.</summary>
public sealed class GzipTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Gzipped_file_reads_like_the_plain_one(string format)
    {
        var rows = Enumerable.Range(0, 2_000).Select(TestFiles.Row).ToList();

        var path = await _files.WriteAsync($"{format}.gz", TestFiles.Contract(), rows);

        Assert.Equal([0x1F, 0x8B], (await File.ReadAllBytesAsync(path))[..2]);
        Assert.Equal(rows, await TestFiles.ReadAsync(path, TestFiles.Contract()));
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Content_that_is_not_gzip_is_rejected(string format)
    {
        var plain = await _files.WriteAsync(format, TestFiles.Contract(), [TestFiles.Row(1)]);
        var path = Path.Combine(_files.Folder, $"data.{format}.gz");
        File.Move(plain, path);

        var e = await TestFiles.RejectedAsync(path, TestFiles.Contract());

        Assert.StartsWith($"data.{format}.gz: is not valid gzip: ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestFiles.AllFormats), MemberType = typeof(TestFiles))]
    public async Task Truncated_gzip_is_rejected_rather_than_read_in_part(string format)
    {
        var path = await _files.WriteAsync($"{format}.gz", TestFiles.Contract(), Enumerable.Range(0, 5_000).Select(TestFiles.Row));
        var bytes = await File.ReadAllBytesAsync(path);

        foreach (var cut in new[] { bytes.Length - 3, bytes.Length * 2 / 3 })
        {
            await File.WriteAllBytesAsync(path, bytes[..cut]);
            var e = await Assert.ThrowsAsync<Reading.FileRejectedException>(() => TestFiles.ReadAsync(path, TestFiles.Contract()));
            Assert.Contains("gzip", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Gzip_of_an_empty_file_reads_as_empty()
    {
        var path = Path.Combine(_files.Folder, "data.ndjson.gz");
        await using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Optimal))
        {
        }

        Assert.Empty(await TestFiles.ReadAsync(path, TestFiles.Contract()));
    }
}
