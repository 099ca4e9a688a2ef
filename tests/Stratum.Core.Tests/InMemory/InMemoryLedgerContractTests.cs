using Stratum.Testing.State;

namespace Stratum.Core.Tests.InMemory;

/// <summary>The ledger contract, run against the in-memory state store.</summary>
public sealed class InMemoryLedgerContractTests : LedgerContractTests<InMemoryStateStores>;
