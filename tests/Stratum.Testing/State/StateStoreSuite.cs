using Microsoft.Extensions.Time.Testing;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Testing.State;

/// <summary>How a state-store adapter's tests make stores: fresh and isolated, or a second handle on one (another worker).</summary>
public interface IStateStoreFactory
{
    /// <summary>A fresh, empty store that uses <paramref name="clock"/>; each call gives a new isolated namespace.</summary>
    Task<IStateStore> CreateAsync(TimeProvider clock);

    /// <summary>A second handle on the same store as <paramref name="first"/>.</summary>
    Task<IStateStore> OpenAgainAsync(IStateStore first, TimeProvider clock);
}

/// <summary>
/// What the three role suites share (<see cref="LeaseContractTests{T}"/>, <see cref="LedgerContractTests{T}"/>,
/// <see cref="RunLogContractTests{T}"/>): the adapter's factory and a <see cref="FakeTimeProvider"/> the store must use.
/// </summary>
public abstract class StateStoreSuite<TFactory> : IDisposable where TFactory : IStateStoreFactory, new()
{
    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 6, 21, 10, 0, 0, TimeSpan.Zero));
    private readonly TFactory _factory = new();

    protected static readonly StreamId Stream = new(TenantId.Parse("acme"), Identifier.Parse("time_entries"));
    protected static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    protected Task<IStateStore> CreateAsync() => _factory.CreateAsync(Clock);

    protected Task<IStateStore> OpenAgainAsync(IStateStore first) => _factory.OpenAgainAsync(first, Clock);

    protected LedgerEntry Entry(string id, FileStatus status = FileStatus.Committed, string? reason = null)
        => new(id, $"acme/canonical/time_entries/{id}.parquet", status, 10, "load-1", Clock.GetUtcNow(), reason, Clock.GetUtcNow().AddMinutes(-5));

    public void Dispose()
    {
        (_factory as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
    }
}
