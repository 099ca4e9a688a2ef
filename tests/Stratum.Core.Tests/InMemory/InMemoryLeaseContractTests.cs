using Stratum.Testing.State;

namespace Stratum.Core.Tests.InMemory;

/// <summary>The lease contract, run against the in-memory state store.</summary>
public sealed class InMemoryLeaseContractTests : LeaseContractTests<InMemoryStateStores>;
