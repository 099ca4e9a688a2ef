using Stratum.Testing.State;

namespace Stratum.Core.Tests.InMemory;

/// <summary>The breaker store contract, run against the in-memory state store.</summary>
public sealed class InMemoryBreakerStoreContractTests : BreakerStoreContractTests<InMemoryStateStores>;
