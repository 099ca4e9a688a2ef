using Stratum.Contracts;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.State;

namespace Stratum.Loading;

/// <summary>
/// The first step of a load: what is pending (listed and not in the ledger), in which order, and
/// in which batches. A file is its key and its content: the same bytes under another key are
/// another file, and a file rewritten in place is pending again.
/// </summary>
internal static class PendingFiles
{
    /// <summary>Lists the stream's prefix and keeps the files the ledger does not hold (counted in the run's tally).</summary>
    public static async Task<List<ObjectInfo>> FindAsync(LoadRun run, IReadOnlyDictionary<string, LedgerEntry> ledger, CancellationToken ct)
    {
        var listed = await run.RetryAsync(async token =>
        {
            var all = new List<ObjectInfo>();
            await foreach (var file in run.Objects.ListAsync(run.Stream.Prefix, token))
            {
                all.Add(file);
            }
            return all;
        }, ct);
        var pending = new List<ObjectInfo>();
        foreach (var file in listed)
        {
            run.Tally.FilesSeen++;
            if (ledger.Holds(file))
            {
                run.Tally.FilesAlreadyLoaded++;
            }
            else
            {
                pending.Add(file);
            }
        }
        return pending;
    }

    /// <summary>Snapshots oldest first, by their time (not by how names sort); the result does not depend on it, the work does.</summary>
    public static List<ObjectInfo> OldestSnapshotFirst(List<ObjectInfo> pending, TableContract contract, TimeSpan resolution)
        => [.. pending
            .OrderBy(f => FileRowReader.FileTime(f, contract, resolution) ?? DateTime.MinValue)
            .ThenBy(f => f.Key, StringComparer.Ordinal)];

    /// <summary>The snapshots loaded already, each at its time, from the ledger.</summary>
    public static SnapshotLine LoadedSnapshots(IReadOnlyDictionary<string, LedgerEntry> ledger)
        => new(ledger.Values
            .Where(e => e.Status == FileStatus.Committed && e.NewestEventTime is not null)
            .Select(e => new SnapshotRef(e.NewestEventTime!.Value.UtcDateTime, e.Key)));

    /// <summary>
    /// The pending files in batches of at most <see cref="LoaderOptions.BatchFiles"/> files and
    /// <see cref="LoaderOptions.BatchBytes"/> bytes (a larger file is a batch of its own), or one
    /// file each (snapshots).
    /// </summary>
    public static IEnumerable<List<ObjectInfo>> Batches(List<ObjectInfo> pending, bool oneFileEach, LoaderOptions options)
    {
        var batch = new List<ObjectInfo>();
        long bytes = 0;
        foreach (var file in pending)
        {
            if (batch.Count > 0 && (oneFileEach || batch.Count >= options.BatchFiles || bytes + file.Size > options.BatchBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(file);
            bytes += file.Size;
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
