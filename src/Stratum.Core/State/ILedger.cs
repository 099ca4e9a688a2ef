using Stratum.Names;

namespace Stratum.State;

/// <summary>The permanent file ledger: which files of a stream are committed or quarantined.</summary>
public interface ILedger
{
    /// <summary>The whole ledger of a stream, keyed by file identity, read in one batch.</summary>
    Task<IReadOnlyDictionary<string, LedgerEntry>> GetLedgerAsync(StreamId stream, CancellationToken cancellationToken);

    /// <summary>
    /// Records files as committed or quarantined, if <paramref name="lease"/> is still the current
    /// lease of its stream (same token). Returns false, writing nothing, when the lease was lost.
    /// An entry that already exists is left as it is (commits are idempotent).
    /// </summary>
    Task<bool> RecordAsync(Lease lease, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken);

    /// <summary>Removes quarantined entries (all of the stream's when <paramref name="identities"/> is null) so the files load again. Returns how many.</summary>
    Task<int> ReadmitAsync(StreamId stream, IReadOnlyCollection<string>? identities, CancellationToken cancellationToken);
}
