using Stratum.Names;

namespace Stratum.State;

/// <summary>
/// The state store port: leases that coordinate workers, the permanent file ledger, the run log.
/// Implementations need only single-item conditional writes (DynamoDB) or one transaction (SQLite).
/// </summary>
public interface IStateStore : IAsyncDisposable
{
    string Describe { get; }

    /// <summary>Creates tables if they do not exist. Safe to call from many workers at once.</summary>
    Task EnsureCreatedAsync(CancellationToken cancellationToken);

    /// <summary>Takes the stream's lease if nobody holds it or the holder's lease expired; null when held.</summary>
    Task<Lease?> TryAcquireLeaseAsync(StreamId stream, string owner, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Extends the lease if it is still this owner's with this token; null when lost.</summary>
    Task<Lease?> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives the lease up if still held with this token (a no-op otherwise).</summary>
    Task ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken);

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

    Task AppendRunAsync(RunRecord run, CancellationToken cancellationToken);

    /// <summary>Runs that finished at or after <paramref name="since"/>, newest first; of one stream or all.</summary>
    Task<IReadOnlyList<RunRecord>> GetRunsAsync(StreamId? stream, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Every stream that has a ledger entry or a run.</summary>
    Task<IReadOnlyList<StreamId>> ListStreamsAsync(CancellationToken cancellationToken);
}
