using Stratum.Names;
using Stratum.Tenants;

namespace Stratum.Testing.Tenants;

/// <summary>
/// What every <see cref="ITenantRegistry"/> must do, run against each implementation on its real
/// source (the object store's folders, a fixed list, the DynamoDB table): the enabled tenants, each
/// once, in ordinal order; nothing else; names that are not tenant ids left out without failing.
/// </summary>
public abstract class TenantRegistryContractTests
{
    /// <summary>
    /// A fresh registry whose source enables <paramref name="enabled"/> (names as the source holds
    /// them: a name may repeat, and may not be a valid tenant id when <see cref="CanHoldInvalidNames"/>)
    /// and also holds <paramref name="disabled"/> without enabling them (a folder without
    /// <c>canonical/</c>, a row with <c>enabled</c> false; a fixed list simply leaves them out). A
    /// name in both is enabled in one place and not in another.
    /// </summary>
    protected abstract Task<ITenantRegistry> CreateAsync(IReadOnlyList<string> enabled, IReadOnlyList<string> disabled);

    /// <summary>Whether the source can hold a name that is not a valid tenant id (a fixed list of tenant ids cannot).</summary>
    protected virtual bool CanHoldInvalidNames => true;

    private static async Task<List<string>> ListAsync(ITenantRegistry registry)
        => [.. (await registry.ListEnabledAsync(default)).Select(t => t.Value)];

    [SkippableFact]
    public async Task An_empty_registry_lists_no_tenant()
    {
        var registry = await CreateAsync([], []);
        using var _ = registry as IDisposable;
        Assert.Empty(await ListAsync(registry));
    }

    [SkippableFact]
    public async Task Enabled_tenants_are_listed_once_each_in_ordinal_order()
    {
        var registry = await CreateAsync(["globex", "acme", "Acme", "b_2", "zeta.co", "a-1", "acme", "9lives"], []);
        using var _ = registry as IDisposable;
        Assert.Equal(["9lives", "Acme", "a-1", "acme", "b_2", "globex", "zeta.co"], await ListAsync(registry));
    }

    [SkippableFact]
    public async Task Only_enabled_tenants_are_listed_and_one_enabled_anywhere_is_enabled()
    {
        var registry = await CreateAsync(["acme", "globex"], ["initech", "globex", "umbrella"]);
        using var _ = registry as IDisposable;
        Assert.Equal(["acme", "globex"], await ListAsync(registry));
    }

    [SkippableFact]
    public async Task Names_that_are_not_tenant_ids_are_left_out_and_the_rest_still_listed()
    {
        string[] invalid = ["bad tenant", "-dash", "a..b", "x!", ".hidden"];
        if (!CanHoldInvalidNames)
        {
            // The registry is built from TenantIds: the guarantee is the type's, so check the type refuses them.
            Assert.All(invalid, n => Assert.ThrowsAny<StratumException>(() => TenantId.Parse(n)));
            return;
        }
        var registry = await CreateAsync(["acme", .. invalid, "globex"], []);
        using var _ = registry as IDisposable;
        Assert.Equal(["acme", "globex"], await ListAsync(registry));
    }

    [SkippableFact]
    public async Task Many_tenants_are_all_listed()
    {
        var names = Enumerable.Range(0, 150).Select(i => $"tenant-{i:D3}").Reverse().ToList();
        var registry = await CreateAsync(names, []);
        using var _ = registry as IDisposable;
        Assert.Equal(names.Order(StringComparer.Ordinal), await ListAsync(registry));
    }

    [SkippableFact]
    public async Task Listing_again_gives_the_same_tenants_and_describe_is_stable_and_not_empty()
    {
        var registry = await CreateAsync(["acme", "globex"], ["initech"]);
        using var _ = registry as IDisposable;
        var described = registry.Describe;
        Assert.False(string.IsNullOrWhiteSpace(described));
        var first = await ListAsync(registry);
        Assert.Equal(first, await ListAsync(registry));
        Assert.Equal(described, registry.Describe);
    }
}
