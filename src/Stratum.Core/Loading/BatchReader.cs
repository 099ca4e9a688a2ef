using Stratum.Contracts;
using Stratum.Hashing;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.Reading;
using Stratum.State;

namespace Stratum.Loading;

/// <summary>
/// Reads a batch's files into its rows, each file whole or not at all: a file the reader refuses
/// is quarantined (a ledger entry saying why), one deleted since the listing is skipped, one
/// rewritten since is left pending (its new content is another file). A transient fault retries
/// the file from its start.
/// </summary>
internal static class BatchReader
{
    /// <summary>A file read whole: its rows and its newest event time.</summary>
    public readonly record struct ReadFile(ObjectInfo File, long Rows, DateTime? Newest);

    public static async Task<List<ReadFile>> ReadAsync(LoadRun run, TableContract contract, List<ObjectInfo> batch, BatchRows rows, List<LedgerEntry> entries, CancellationToken ct)
    {
        var hasher = new RowHasher(contract);
        var readOptions = new ReadOptions(run.Warehouse.TimestampResolution, run.Warehouse.TimestampRange, run.Warehouse.DateRange);
        var read = new List<ReadFile>();
        foreach (var file in batch)
        {
            try
            {
                var (count, newest) = await run.RetryAsync(async token =>
                {
                    rows.BeginFile();
                    long inFile = 0;
                    void Add(IncomingRow row)
                    {
                        rows.Add(row);
                        if (++inFile % 100_000 == 0)
                        {
                            run.Report(new LoadProgress(run.Stream, 0, 0, run.Tally.RowsRead + inFile, "read")); // a large file reports as it is read
                        }
                    }
                    try
                    {
                        return await FileRowReader.ReadAsync(run.Objects, run.Readers, file, contract, hasher, readOptions, Add, token);
                    }
                    catch
                    {
                        rows.DiscardFile(); // a retried, refused or changed file adds no rows
                        throw;
                    }
                }, ct);
                read.Add(new ReadFile(file, count, newest));
                run.Tally.RowsRead += count;
                run.Report(new LoadProgress(run.Stream, 0, 0, run.Tally.RowsRead, "read"));
            }
            catch (FileRejectedException e)
            {
                entries.Add(new LedgerEntry(file.Identity, file.Key, FileStatus.Quarantined, 0, run.LoadId, run.Clock.GetUtcNow(), e.Message));
                run.Tally.FilesQuarantined++;
            }
            catch (FileNotFoundException)
            {
                // Deleted between listing and reading: nothing to load, nothing to record.
            }
            catch (ObjectChangedException e)
            {
                // Rewritten between listing and reading: recorded neither committed nor quarantined, so it stays
                // pending and the next listing sees its new content under its new identity.
                run.Tally.Changed.Add(e.Key);
                run.Report(new LoadProgress(run.Stream, 0, 0, run.Tally.RowsRead, "changed"));
            }
        }
        return read;
    }
}
