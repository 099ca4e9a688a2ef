using Stratum.Contracts;
using Stratum.Planning;

namespace Stratum.Loading;

/// <summary>
/// The rows of one batch as they are read, handed to the planner in chunks whose keys no other
/// chunk has. Up to <c>load.batch_rows</c> rows are held in memory and are one chunk; past that,
/// every row goes to one of 256 local files chosen by a hash of its key, so one
/// bucket holds every row of its keys, and the chunks are runs of buckets of at most half the
/// setting's rows each: the chunk being published and the next one, read ahead, hold at most the
/// setting's rows together. A spill file with more rows than that (a batch past about 256 × half
/// the setting) is read in parts by another part of the key's hash, so chunks stay within it for
/// any batch, but for a single key with more versions than a chunk. Memory follows the setting, not the size of a file (docs/performance.md, "Memory").
/// A key's rows stay in the order they were read, which the planner's tie-break relies on.
/// </summary>
internal sealed class BatchRows : IDisposable
{
    /// <summary>Spill files per batch: a chunk is a run of them, so a batch can be this many times the setting before a chunk outgrows it.</summary>
    public const int DefaultBuckets = 256;

    private readonly int _bucketCount;

    private readonly TableContract _contract;
    private readonly long _chunkRows;
    private readonly string _spillRoot;
    private List<IncomingRow> _memory = [];
    private readonly List<string> _files = [];
    private readonly Dictionary<string, int> _fileIndex = new(StringComparer.Ordinal);
    private string? _spillDirectory;
    private SpillFile[]? _buckets;
    private Checkpoint _fileStart;

    /// <param name="contract">the contract the rows were read under (spill files are written by its columns)</param>
    /// <param name="chunkRows">rows held in memory before the batch spills (<c>load.batch_rows</c>)</param>
    /// <param name="spillRoot">the folder the spill files go in (<c>load.spill_dir</c>, or the temp folder)</param>
    /// <param name="buckets">spill files, <see cref="DefaultBuckets"/> but in tests</param>
    public BatchRows(TableContract contract, long chunkRows, string spillRoot, int buckets = DefaultBuckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        _bucketCount = buckets;
        _contract = contract;
        _chunkRows = chunkRows;
        _spillRoot = spillRoot;
    }

    public long Count { get; private set; }

    /// <summary>Whether the rows went to local files (the batch was larger than a chunk).</summary>
    public bool Spilled => _buckets is not null;

    /// <summary>The rows while they are held in memory (not <see cref="Spilled"/>).</summary>
    public List<IncomingRow> InMemory => Spilled ? throw new InvalidOperationException("the rows were spilled") : _memory;

    /// <summary>Marks the start of a file, so a failed read can take its rows back (<see cref="DiscardFile"/>).</summary>
    public void BeginFile() => _fileStart = Mark();

    /// <summary>Takes back every row added since <see cref="BeginFile"/>: a file that is retried, quarantined or changed adds none.</summary>
    public void DiscardFile()
    {
        var start = _fileStart;
        if (_buckets is null)
        {
            _memory.RemoveRange((int)start.Count, _memory.Count - (int)start.Count);
        }
        else
        {
            for (var i = 0; i < _buckets.Length; i++)
            {
                _buckets[i].Truncate(start.Lengths![i], start.Rows![i]);
            }
        }
        Count = start.Count;
    }

    public void Add(IncomingRow row)
    {
        if (_buckets is null && _memory.Count >= _chunkRows)
        {
            StartSpilling();
        }
        if (_buckets is null)
        {
            _memory.Add(row);
        }
        else
        {
            Spill(row);
        }
        Count++;
    }

    /// <summary>The chunks, in bucket order; each list is new and may be changed by the caller.</summary>
    public IEnumerable<List<IncomingRow>> Chunks()
    {
        if (_buckets is null)
        {
            if (_memory.Count > 0)
            {
                yield return _memory;
            }
            yield break;
        }
        var half = Math.Max(1, _chunkRows / 2);
        var chunk = new List<IncomingRow>();
        foreach (var bucket in _buckets)
        {
            if (bucket.Rows > half)
            {
                // More rows than a chunk (a batch past ≈ 256 × half the setting): read in parts by
                // another part of the key's hash, each its own chunk, the file read once per part.
                if (chunk.Count > 0)
                {
                    yield return chunk;
                    chunk = [];
                }
                var parts = (int)Math.Min(1 << 16, (bucket.Rows + half - 1) / half);
                for (var part = 0; part < parts; part++)
                {
                    var piece = new List<IncomingRow>();
                    bucket.ReadAll(_contract, _files, piece, part, parts);
                    if (piece.Count > 0)
                    {
                        yield return piece;
                    }
                }
                continue;
            }
            if (chunk.Count > 0 && chunk.Count + bucket.Rows > half)
            {
                yield return chunk;
                chunk = [];
            }
            bucket.ReadAll(_contract, _files, chunk);
        }
        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private void StartSpilling()
    {
        _spillDirectory = Path.Combine(_spillRoot, $"stratum-spill-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_spillDirectory);
        _buckets = new SpillFile[_bucketCount];
        for (var i = 0; i < _bucketCount; i++)
        {
            _buckets[i] = new SpillFile(Path.Combine(_spillDirectory, i.ToString("d3", System.Globalization.CultureInfo.InvariantCulture)));
        }
        // The rows of the file being read before the switch go first, so the file's start is a position in the buckets.
        var held = _memory;
        _memory = [];
        var before = (int)_fileStart.Count;
        for (var i = 0; i < before; i++)
        {
            Spill(held[i]);
        }
        _fileStart = new Checkpoint(before, [.. _buckets.Select(b => b.Length)], [.. _buckets.Select(b => b.Rows)]);
        for (var i = before; i < held.Count; i++)
        {
            Spill(held[i]);
        }
    }

    private void Spill(IncomingRow row)
    {
        if (!_fileIndex.TryGetValue(row.SourceFile, out var file))
        {
            _fileIndex[row.SourceFile] = file = _files.Count;
            _files.Add(row.SourceFile);
        }
        var hash = (uint)row.Key.GetHashCode();
        _buckets![(int)(hash % (uint)_bucketCount)].Write(row, file, hash / (uint)_bucketCount);
    }

    private Checkpoint Mark() => _buckets is null
        ? new Checkpoint(_memory.Count, null, null)
        : new Checkpoint(Count, [.. _buckets.Select(b => b.Length)], [.. _buckets.Select(b => b.Rows)]);

    public void Dispose()
    {
        if (_buckets is not null)
        {
            foreach (var b in _buckets)
            {
                b.Dispose();
            }
        }
        if (_spillDirectory is not null)
        {
            try
            {
                Directory.Delete(_spillDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the temp directory's own cleanup.
            }
        }
    }

    private readonly record struct Checkpoint(long Count, long[]? Lengths, long[]? Rows);
}
