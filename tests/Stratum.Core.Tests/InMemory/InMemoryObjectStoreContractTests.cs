using Stratum.Objects;
using Stratum.Testing;
using Stratum.Testing.InMemory;

namespace Stratum.Core.Tests.InMemory;

/// <summary>The object store contract, run against <see cref="InMemoryObjectStore"/>.</summary>
public sealed class InMemoryObjectStoreContractTests : ObjectStoreContractTests
{
    protected override Task<IObjectStore> CreateAsync() => Task.FromResult<IObjectStore>(new InMemoryObjectStore());
}
