using Stratum.State;
using Stratum.Testing.InMemory;
using Stratum.Testing.State;

namespace Stratum.Core.Tests.InMemory;

/// <summary>In-memory stores for the state-store role suites: a fresh store per call, a second handle shares its data.</summary>
public sealed class InMemoryStateStores : IStateStoreFactory
{
    public Task<IStateStore> CreateAsync(TimeProvider clock) => Task.FromResult<IStateStore>(new InMemoryStateStore(clock));

    public Task<IStateStore> OpenAgainAsync(IStateStore first, TimeProvider clock)
        => Task.FromResult<IStateStore>(((InMemoryStateStore)first).OpenAgain(clock));
}
