using Microsoft.Extensions.Time.Testing;
using Stratum.Aws.State;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Aws.Tests.State;

/// <summary>A worker that dies holding the lease: its lease is taken over after expiry, and its late commit is fenced off.</summary>
public sealed class LeaseTakeoverTests
{
    private static readonly StreamId Stream = new(TenantId.Parse("acme"), Identifier.Parse("time_entries"));
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 6, 21, 10, 0, 0, TimeSpan.Zero));

    private LedgerEntry Entry(string id, string load)
        => new(id, $"acme/canonical/time_entries/{id}.parquet", FileStatus.Committed, 10, load, _clock.GetUtcNow());

    [SkippableFact]
    public async Task A_killed_workers_lease_is_taken_over_after_expiry_and_its_late_commit_is_refused()
    {
        var options = new DynamoDbStateStoreOptions
        {
            TableName = AwsTestServers.UniqueName("takeover"),
            Connection = AwsTestServers.Connection(AwsTestServers.RequireDynamoDb()),
        };
        // Two workers, each with its own client, as two processes would be.
        await using var killed = new DynamoDbStateStore(options, _clock);
        await using var survivor = new DynamoDbStateStore(options, _clock);
        await killed.EnsureCreatedAsync(default);

        var old = await killed.TryAcquireLeaseAsync(Stream, "worker-killed", Ttl, default);
        Assert.NotNull(old);
        Assert.True(await killed.RecordAsync(old, [Entry("f1", "load-old")], default));

        // The worker stops (no renewals). Before expiry nobody else gets in.
        _clock.Advance(Ttl - TimeSpan.FromSeconds(1));
        Assert.Null(await survivor.TryAcquireLeaseAsync(Stream, "worker-survivor", Ttl, default));

        _clock.Advance(TimeSpan.FromSeconds(2));
        var taken = await survivor.TryAcquireLeaseAsync(Stream, "worker-survivor", Ttl, default);
        Assert.NotNull(taken);
        Assert.True(taken.Token > old.Token);
        Assert.True(await survivor.RecordAsync(taken, [Entry("f2", "load-new")], default));

        // The killed worker wakes up late: every write with its stale token is refused or a no-op.
        Assert.False(await killed.RecordAsync(old, [Entry("f3", "load-old"), Entry("f2", "load-old")], default));
        Assert.Null(await killed.RenewLeaseAsync(old, Ttl, default));
        await killed.ReleaseLeaseAsync(old, default);
        Assert.Null(await killed.TryAcquireLeaseAsync(Stream, "worker-killed", Ttl, default));

        var ledger = await survivor.GetLedgerAsync(Stream, default);
        Assert.Equal(["f1", "f2"], ledger.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("load-new", ledger["f2"].LoadId);
        Assert.NotNull(await survivor.RenewLeaseAsync(taken, Ttl, default));
    }

    [SkippableFact]
    public async Task Tokens_keep_growing_across_release_and_reacquire()
    {
        var options = new DynamoDbStateStoreOptions
        {
            TableName = AwsTestServers.UniqueName("tokens"),
            Connection = AwsTestServers.Connection(AwsTestServers.RequireDynamoDb()),
        };
        await using var store = new DynamoDbStateStore(options, _clock);
        await store.EnsureCreatedAsync(default);
        var tokens = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var lease = await store.TryAcquireLeaseAsync(Stream, $"w{i}", Ttl, default);
            Assert.NotNull(lease);
            tokens.Add(lease.Token);
            if (i % 2 == 0)
            {
                await store.ReleaseLeaseAsync(lease, default);
            }
            else
            {
                _clock.Advance(Ttl);
            }
        }
        Assert.Equal([1, 2, 3, 4, 5], tokens);
        await store.EnsureCreatedAsync(default); // idempotent on an existing table
    }
}
