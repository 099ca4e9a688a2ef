using Stratum.Names;

namespace Stratum.State;

/// <summary>
/// Leases that coordinate workers: one holder per stream at a time, each acquisition with a larger
/// fencing token (<see cref="Lease"/>). Needs one conditional write per call.
/// </summary>
public interface ILeaseStore
{
    /// <summary>Takes the stream's lease if nobody holds it or the holder's lease expired; null when held.</summary>
    Task<Lease?> TryAcquireLeaseAsync(StreamId stream, string owner, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Extends the lease if it is still this owner's with this token; null when lost.</summary>
    Task<Lease?> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives the lease up if still held with this token (a no-op otherwise).</summary>
    Task ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken);
}
