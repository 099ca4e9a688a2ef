using Stratum.Planning;

namespace Stratum.Warehouse;

/// <summary>
/// One publish built in parts (<see cref="IWarehouse.BeginPublishAsync"/>): a batch too large to
/// plan in memory is planned chunk by chunk — each chunk a set of keys no other chunk has — and
/// every chunk's new history is added here; <see cref="CommitAsync"/> then makes the whole visible
/// in one atomic step, fenced exactly as a whole publish (<see cref="Publishing.PublishAsync"/>) is. Disposed without
/// a commit, nothing of it is visible and what it prepared is dropped.
/// </summary>
public interface IPublication : IAsyncDisposable
{
    /// <summary>The rows of these keys as the target holds them (keys of a chunk not yet added).</summary>
    Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken);

    /// <summary>Adds the new history of changed keys; a key is added once per publication.</summary>
    Task AddAsync(IReadOnlyList<KeyPlan> changed, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the added keys' history atomically. Throws <see cref="StalePublishException"/>
    /// when the fence refuses it; nothing of it lands then.
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
