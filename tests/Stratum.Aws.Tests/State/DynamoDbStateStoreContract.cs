using System.Runtime.CompilerServices;
using Stratum.Aws.State;
using Stratum.State;
using Stratum.Testing.State;

namespace Stratum.Aws.Tests.State;

/// <summary>DynamoDB stores for the state-store role suites, on dynalite: a fresh table per store.</summary>
public sealed class DynamoDbStores : IStateStoreFactory
{
    private readonly ConditionalWeakTable<IStateStore, DynamoDbStateStoreOptions> _options = [];

    public async Task<IStateStore> CreateAsync(TimeProvider clock)
    {
        var options = new DynamoDbStateStoreOptions
        {
            TableName = AwsTestServers.UniqueName("state"),
            Connection = AwsTestServers.Connection(AwsTestServers.RequireDynamoDb()),
        };
        var store = new DynamoDbStateStore(options, clock);
        await store.EnsureCreatedAsync(default);
        _options.Add(store, options);
        return store;
    }

    public Task<IStateStore> OpenAgainAsync(IStateStore first, TimeProvider clock)
    {
        var options = _options.TryGetValue(first, out var o) ? o : throw new InvalidOperationException("not a store of this suite");
        IStateStore again = new DynamoDbStateStore(options, clock);
        _options.Add(again, options);
        return Task.FromResult(again);
    }
}

public sealed class DynamoDbLeaseContract : LeaseContractTests<DynamoDbStores>;

public sealed class DynamoDbLedgerContract : LedgerContractTests<DynamoDbStores>;

public sealed class DynamoDbRunLogContract : RunLogContractTests<DynamoDbStores>;

public sealed class DynamoDbBreakerStoreContract : BreakerStoreContractTests<DynamoDbStores>;
