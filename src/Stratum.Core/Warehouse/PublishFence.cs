using Stratum.Names;

namespace Stratum.Warehouse;

/// <summary>
/// What a warehouse needs to refuse a publish from a worker that has lost its lease
/// (docs/architecture.md, "The fenced publish"). <see cref="Token"/> is the lease's fencing token:
/// a publish with a token lower than one that has already published (or started publishing) for
/// the same stream must never land. <see cref="ConfirmAsync"/> asks the state store whether the
/// lease is still held with this token; a warehouse without transactions calls it after its point
/// of no return is prepared and before it is crossed (ClickHouse: staging filled, swap not sent).
/// </summary>
public sealed record PublishFence(StreamId Stream, long Token, Func<CancellationToken, Task<bool>> ConfirmAsync)
{
    /// <summary>A fence that is always confirmed (tools and tests that hold no lease, but still order by token).</summary>
    public static PublishFence Always(StreamId stream, long token) => new(stream, token, _ => Task.FromResult(true));
}
