using Stratum.Contracts;
using Stratum.Hashing;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.Reading;

namespace Stratum.Loading;

/// <summary>
/// Reads one data file into the planner's rows, exactly as a load reads it: the reader chosen by
/// the file's name, event time from the contract's source (a column, the file's modification time
/// or a timestamp in its key, truncated to the warehouse's resolution), tombstones, version hashes.
/// Shared by <see cref="StreamLoader"/> and <see cref="StreamVerifier"/>, so a verification replays
/// a file through the same code that loaded it. Throws <see cref="FileRejectedException"/> for a
/// file the loader would quarantine, and <see cref="ObjectChangedException"/> when the content is
/// no longer the listed one.
/// </summary>
internal static class FileRowReader
{
    public static async Task<List<IncomingRow>> ReadAsync(IObjectStore objects, IReadOnlyList<IFileReader> readers, ObjectInfo file, TableContract contract, RowHasher hasher, ReadOptions options, CancellationToken ct)
    {
        var rows = new List<IncomingRow>();
        await ReadAsync(objects, readers, file, contract, hasher, options, rows.Add, ct);
        return rows;
    }

    /// <summary>
    /// Reads the file row by row into <paramref name="add"/> (a large file is never held whole);
    /// returns how many rows it has and the newest event time among them. A file that is refused
    /// part way has already handed rows over: the caller takes them back.
    /// </summary>
    public static async Task<(long Rows, DateTime? Newest)> ReadAsync(IObjectStore objects, IReadOnlyList<IFileReader> readers, ObjectInfo file, TableContract contract, RowHasher hasher, ReadOptions options,
        Action<IncomingRow> add, CancellationToken ct)
    {
        var reader = readers.FirstOrDefault(r => r.CanRead(file.Key))
            ?? throw new FileRejectedException(file.Key, 0, null, "unsupported file format; expected .parquet, .csv, .ndjson, .jsonl or .json, optionally with .gz");
        DateTime? fileTime = contract.EventTimeSource == EventTimeSource.Column
            ? null
            : FileTime(file, contract, Fine)
                ?? throw new FileRejectedException(file.Key, 0, null, "the contract takes event time from the file's key, but the key has no timestamp (e.g. 2025-06-21T10-00-00Z)");
        // Read at the finest resolution and cut here, so the time a file had is known when the
        // warehouse's resolution makes two versions one instant (a tie the run then reports as coarse).
        var resolution = options.TimestampResolution;
        var coarse = resolution > Fine;
        var readOptions = coarse ? options with { TimestampResolution = Fine } : options;
        long rows = 0;
        DateTime? newest = null;
        await using var content = await objects.OpenReadAsync(file, ct);
        try
        {
            var hashers = new RowHasher[Math.Min(Environment.ProcessorCount, 4)];
            hashers[0] = hasher;
            var times = new (DateTime EventTime, DateTime InFile, bool Tombstone)[BlockRows];
            var hashes = new string[BlockRows];
            await foreach (var block in DecodeAheadAsync(reader.ReadAsync(content, file.Key, contract, readOptions, ct), ct))
            {
                for (var n = 0; n < block.Count; n++)
                {
                    var values = block[n];
                    var inFile = fileTime ?? values[contract.EventTimeOrdinal] switch
                    {
                        DateTime t => t,
                        DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                        var other => throw new FileRejectedException(file.Key, rows + n + 1, contract.EventTimeColumn?.Value, $"event time is {other ?? "null"}"),
                    };
                    if (coarse)
                    {
                        for (var i = 0; i < values.Length; i++)
                        {
                            if (values[i] is DateTime t)
                            {
                                values[i] = Truncate(t, resolution);
                            }
                        }
                    }
                    var eventTime = coarse ? Truncate(inFile, resolution) : inFile;
                    CheckRange(file.Key, rows + n + 1, contract, values, eventTime, fileTime is not null, options);
                    times[n] = (eventTime, inFile, contract.TombstoneOrdinal >= 0 && values[contract.TombstoneOrdinal] is true);
                }
                HashBlock(contract, block, times, hashes, hashers);
                for (var n = 0; n < block.Count; n++)
                {
                    var values = block[n];
                    var (eventTime, inFile, tombstone) = times[n];
                    add(new IncomingRow(RowKey.FromRow(contract, values), eventTime, hashes[n], tombstone, values, file.Key, inFile != eventTime ? inFile : null));
                    if (newest is null || eventTime > newest)
                    {
                        newest = eventTime;
                    }
                }
                rows += block.Count;
            }
        }
        catch (FileRejectedException)
        {
            await DrainAsync(content, ct); // a file that changed is not quarantined for content it no longer has
            throw;
        }
        await DrainAsync(content, ct);
        return (rows, newest);
    }

    /// <summary>
    /// The version hashes of a block's rows (empty for a tombstone), the block split between up to
    /// one hasher per core: SHA-256 over the canonical encoding is most of the time a row takes
    /// once it is decoded. A hasher reuses a buffer, so each part has its own.
    /// </summary>
    private static void HashBlock(TableContract contract, List<object?[]> block, (DateTime, DateTime, bool Tombstone)[] times, string[] hashes, RowHasher[] hashers)
    {
        var parts = block.Count < 64 ? 1 : hashers.Length;
        var size = (block.Count + parts - 1) / parts;
        void Part(int part)
        {
            var h = hashers[part] ??= new RowHasher(contract);
            for (var n = part * size; n < Math.Min(block.Count, (part + 1) * size); n++)
            {
                hashes[n] = times[n].Tombstone ? "" : h.Hash(block[n]);
            }
        }
        if (parts == 1)
        {
            Part(0);
        }
        else
        {
            Parallel.For(0, parts, Part);
        }
    }

    /// <summary>Rows decoded per block handed from the decoding thread to the hashing one.</summary>
    private const int BlockRows = 1024;

    /// <summary>
    /// The reader's rows in blocks, decoded on a second thread up to four blocks ahead of the
    /// caller, so decoding the file and keying, hashing and checking its rows run at the same time
    /// (in file order: row numbers and errors are the same as reading in one thread). An error of
    /// the reader reaches the caller after the rows before it; when the caller stops early the
    /// decoding stops too, and is finished before this returns (the content is read by one thread at a time).
    /// </summary>
    private static async IAsyncEnumerable<List<object?[]>> DecodeAheadAsync(IAsyncEnumerable<object?[]> rows,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var blocks = System.Threading.Channels.Channel.CreateBounded<List<object?[]>>(
            new System.Threading.Channels.BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var decoding = Task.Run(async () =>
        {
            var block = new List<object?[]>(BlockRows);
            try
            {
                await foreach (var values in rows.WithCancellation(stop.Token))
                {
                    block.Add(values);
                    if (block.Count == BlockRows)
                    {
                        await blocks.Writer.WriteAsync(block, stop.Token);
                        block = new List<object?[]>(BlockRows);
                    }
                }
            }
            finally
            {
                try
                {
                    if (block.Count > 0 && !stop.IsCancellationRequested)
                    {
                        await blocks.Writer.WriteAsync(block, stop.Token); // the rows before an error of the reader, too
                    }
                }
                finally
                {
                    blocks.Writer.Complete();
                }
            }
        }, CancellationToken.None);
        var finished = false;
        try
        {
            await foreach (var block in blocks.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return block;
            }
            finished = true;
        }
        finally
        {
            if (!finished)
            {
                // The caller stopped early (an error in one of the rows): its error is the one that counts.
                await stop.CancelAsync();
                await decoding.ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
        await decoding; // the reader's own error, after every row before it
    }

    /// <summary>
    /// Refuses a row the warehouse could not store: a timestamp or date value outside its range, or
    /// an event time outside its timestamp range (the SCD effective and expiration dates are event
    /// times). Checked here, so the file is quarantined, rather than failing the publish of the
    /// whole batch on every run.
    /// </summary>
    private static void CheckRange(string key, long row, TableContract contract, object?[] values, DateTime eventTime, bool eventTimeFromFile, ReadOptions options)
    {
        for (var i = 0; i < contract.Columns.Length; i++)
        {
            var outside = values[i] switch
            {
                DateTime t when !options.Timestamps.Contains(t) => $"timestamp {Text(t)} is outside what the warehouse stores ({options.Timestamps})",
                DateOnly d when !options.Dates.Contains(d) => $"date {d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)} is outside what the warehouse stores ({options.Dates})",
                DateOnly d when i == contract.EventTimeOrdinal && !options.Timestamps.Contains(d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))
                    => $"event time {d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)} is outside the timestamps the warehouse stores ({options.Timestamps}), which SCD effective and expiration dates are",
                _ => null,
            };
            if (outside is not null)
            {
                throw new FileRejectedException(key, row, contract.Columns[i].Name.Value, outside);
            }
        }
        if (eventTimeFromFile && !options.Timestamps.Contains(eventTime))
        {
            throw new FileRejectedException(key, 0, null, $"the file's event time {Text(eventTime)} is outside the timestamps the warehouse stores ({options.Timestamps})");
        }
    }

    private static string Text(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads what the reader left of the content to its end, so a store that checks the content
    /// against the listed identity as it is read (the local folder) always gets to the check
    /// (<see cref="ObjectChangedException"/>).
    /// </summary>
    private static async Task DrainAsync(Stream content, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        while (await content.ReadAsync(buffer, ct) > 0)
        {
        }
    }

    /// <summary>
    /// The event time a file gives every row when the contract takes it from the file
    /// (<c>file:key</c>, <c>file:modified</c>), truncated to the warehouse's resolution; null when
    /// the key has no timestamp or the contract takes it from a column. For a snapshot table this is
    /// the snapshot's time.
    /// </summary>
    public static DateTime? FileTime(ObjectInfo file, TableContract contract, TimeSpan resolution) => contract.EventTimeSource switch
    {
        EventTimeSource.FileModified => Truncate(file.LastModified.UtcDateTime, resolution),
        EventTimeSource.FileKey => FileTimes.FromKey(file.Key) is { } t ? Truncate(t, resolution) : null,
        _ => null,
    };

    /// <summary>The finest resolution a timestamp is kept at anywhere: a microsecond.</summary>
    private static readonly TimeSpan Fine = TimeSpan.FromTicks(10);

    private static DateTime Truncate(DateTime t, TimeSpan resolution)
        => new(t.Ticks - (t.Ticks % resolution.Ticks), DateTimeKind.Utc);
}
