using Stratum.State;

namespace Stratum.Testing.State;

/// <summary>What every <see cref="ILeaseStore"/> must do: exclusive leases, growing fencing tokens, renew and release.</summary>
public abstract class LeaseContractTests<TFactory> : StateStoreSuite<TFactory> where TFactory : IStateStoreFactory, new()
{
    [SkippableFact]
    public async Task Lease_is_exclusive_until_it_expires_then_taken_over_with_a_larger_token()
    {
        await using var s = await CreateAsync();
        var first = await s.TryAcquireLeaseAsync(Stream, "w1", Ttl, default);
        Assert.NotNull(first);
        Assert.Null(await s.TryAcquireLeaseAsync(Stream, "w2", Ttl, default));
        Clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        var second = await s.TryAcquireLeaseAsync(Stream, "w2", Ttl, default);
        Assert.NotNull(second);
        Assert.True(second.Token > first.Token);
        Assert.Equal("w2", second.Owner);
        Assert.Null(await s.RenewLeaseAsync(first, Ttl, default));
    }

    [SkippableFact]
    public async Task Renew_extends_and_release_frees()
    {
        await using var s = await CreateAsync();
        var lease = await s.TryAcquireLeaseAsync(Stream, "w1", Ttl, default);
        Assert.NotNull(lease);
        Clock.Advance(TimeSpan.FromSeconds(20));
        var renewed = await s.RenewLeaseAsync(lease, Ttl, default);
        Assert.NotNull(renewed);
        Assert.Equal(lease.Token, renewed.Token);
        Clock.Advance(TimeSpan.FromSeconds(20)); // past the first expiry, within the renewed one
        Assert.Null(await s.TryAcquireLeaseAsync(Stream, "w2", Ttl, default));
        await s.ReleaseLeaseAsync(renewed, default);
        var next = await s.TryAcquireLeaseAsync(Stream, "w2", Ttl, default);
        Assert.NotNull(next);
        Assert.True(next.Token > renewed.Token);
        await s.ReleaseLeaseAsync(renewed, default); // a stale release is a no-op
        Assert.Null(await s.TryAcquireLeaseAsync(Stream, "w3", Ttl, default));
        Assert.Null(await s.RenewLeaseAsync(renewed, Ttl, default)); // released, then taken: the old token never renews (the publish fence's confirmation)
    }

    [SkippableFact]
    public async Task Only_one_of_many_concurrent_workers_gets_the_lease()
    {
        await using var s = await CreateAsync();
        var handles = new List<IStateStore> { s };
        for (var i = 1; i < 8; i++)
        {
            handles.Add(await OpenAgainAsync(s));
        }
        try
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
                Task.Run(() => handles[i % handles.Count].TryAcquireLeaseAsync(Stream, $"w{i}", Ttl, default))));
            Assert.Single(results, r => r is not null);
        }
        finally
        {
            foreach (var h in handles.Skip(1))
            {
                await h.DisposeAsync();
            }
        }
    }
}
