using Stratum.Testing.State;

namespace Stratum.Core.Tests.InMemory;

/// <summary>The run log contract, run against the in-memory state store.</summary>
public sealed class InMemoryRunLogContractTests : RunLogContractTests<InMemoryStateStores>;
