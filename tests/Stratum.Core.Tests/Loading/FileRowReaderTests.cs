using System.Runtime.CompilerServices;
using Stratum.Contracts;
using Stratum.Hashing;
using Stratum.Loading;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.Reading;
using Stratum.Testing;

namespace Stratum.Core.Tests.Loading;

/// <summary>
/// A file is decoded on one thread and keyed, hashed and checked on others, in blocks
/// (<see cref="FileRowReader"/>): the rows must come out as reading in one thread gives them —
/// in file order, each with the hash of its own values, errors at the row they name.
/// </summary>
public sealed class FileRowReaderTests : IAsyncDisposable
{
    private static readonly TableContract Contract = TestContracts.AllTypes();
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-filerowreader-").FullName;
    private readonly LocalFolderObjectStore _objects;

    public FileRowReaderTests() => _objects = new LocalFolderObjectStore(_dir);

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(5000)]
    public async Task Rows_come_in_file_order_each_with_the_hash_of_its_own_values(int count)
    {
        var reader = new GeneratedReader(count);
        var rows = await ReadAsync(reader);

        Assert.Equal(count, rows.Count);
        var hasher = new RowHasher(Contract);
        for (var i = 0; i < count; i++)
        {
            var expected = reader.Row(i);
            Assert.Equal(expected[0], rows[i].Values[0]); // the id: file order
            var tombstone = expected[^1] is true;
            Assert.Equal(tombstone, rows[i].IsTombstone);
            Assert.Equal(tombstone ? "" : hasher.Hash(expected), rows[i].Hash);
        }
    }

    [Fact]
    public async Task An_error_of_the_reader_arrives_after_every_row_before_it()
    {
        var reader = new GeneratedReader(5000, failAt: 3000);
        var added = new List<IncomingRow>();
        var e = await Assert.ThrowsAsync<FileRejectedException>(() => ReadAsync(reader, added.Add));
        Assert.Contains("row 3000", e.Message, StringComparison.Ordinal);
        Assert.Equal(2999, added.Count);
    }

    [Fact]
    public async Task A_row_refused_by_the_loader_is_named_and_the_decoding_stops()
    {
        var reader = new GeneratedReader(50_000, nullEventTimeAt: 2500);
        var e = await Assert.ThrowsAsync<FileRejectedException>(() => ReadAsync(reader));
        Assert.Contains("row 2500", e.Message, StringComparison.Ordinal);
        Assert.True(reader.Disposed);
        Assert.True(reader.Yielded < 50_000, $"decoded {reader.Yielded} rows after the error");
    }

    private async Task<List<IncomingRow>> ReadAsync(GeneratedReader reader, Action<IncomingRow>? add = null)
    {
        var rows = new List<IncomingRow>();
        await _objects.PutAsync("acme/canonical/all_types/f.rows", new MemoryStream([1, 2, 3]), default);
        var file = await _objects.ListAsync("acme/canonical/all_types/", default).SingleAsync();
        await FileRowReader.ReadAsync(_objects, [reader], file, Contract, new RowHasher(Contract), ReadOptions.Default, add ?? rows.Add, default);
        return rows;
    }

    /// <summary>Rows of every type (a fifth of them null where nullable, every seventh a tombstone), made up from their number.</summary>
    private sealed class GeneratedReader(int count, int failAt = 0, int nullEventTimeAt = 0) : IFileReader
    {
        public bool Disposed { get; private set; }

        public int Yielded { get; private set; }

        public bool CanRead(string key) => true;

        public object?[] Row(int i)
        {
            bool Null(int column) => (i + column) % 5 == 0;
            return
            [
                $"k{i}",
                i + 1 == nullEventTimeAt ? null : new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i),
                Null(2) ? null : $"name {i} é",
                Null(3) ? null : (long)i * 7,
                Null(4) ? null : i / 3.0,
                Null(5) ? null : i / 100m,
                Null(6) ? null : i % 2 == 0,
                Null(7) ? null : DateOnly.FromDayNumber(700_000 + i),
                Null(8) ? null : new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(i * 10L),
                $"code{i % 13}",
                (long)i,
                i % 7 == 0,
            ];
        }

        public async IAsyncEnumerable<object?[]> ReadAsync(Stream content, string key, TableContract contract, ReadOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            try
            {
                for (var i = 0; i < count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (i + 1 == failAt)
                    {
                        throw new FileRejectedException(key, i + 1, "qty", "not a number");
                    }
                    Yielded++;
                    yield return Row(i);
                    if (i % 512 == 0)
                    {
                        await Task.Yield();
                    }
                }
            }
            finally
            {
                Disposed = true;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }
}
