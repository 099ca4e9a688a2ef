using System.Runtime.CompilerServices;
using Stratum.Aws.State;
using Stratum.State;
using Stratum.Testing;

namespace Stratum.Aws.Tests.State;

/// <summary>The state-store contract on dynalite: a fresh table per test, the suite's fake clock.</summary>
public sealed class DynamoDbStateStoreContract : StateStoreContractTests
{
    private readonly ConditionalWeakTable<IStateStore, DynamoDbStateStoreOptions> _options = [];

    protected override async Task<IStateStore> CreateAsync()
    {
        var options = new DynamoDbStateStoreOptions
        {
            TableName = AwsTestServers.UniqueName("state"),
            Connection = AwsTestServers.Connection(AwsTestServers.RequireDynamoDb()),
        };
        var store = new DynamoDbStateStore(options, Clock);
        await store.EnsureCreatedAsync(default);
        _options.Add(store, options);
        return store;
    }

    protected override Task<IStateStore> OpenAgainAsync(IStateStore first)
    {
        var options = _options.TryGetValue(first, out var o) ? o : throw new InvalidOperationException("not a store of this suite");
        IStateStore again = new DynamoDbStateStore(options, Clock);
        _options.Add(again, options);
        return Task.FromResult(again);
    }
}
