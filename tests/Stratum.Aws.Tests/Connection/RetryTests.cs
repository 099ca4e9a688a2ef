using System.Text;
using Stratum.Aws.Objects;
using Stratum.Aws.State;
using Stratum.Loading;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Aws.Tests.Connection;

/// <summary>
/// Throttling and 5xx are classified transient and retried by the loader's policy (the one retry
/// layer, <see cref="Transient"/>); 4xx are not; lost answers leave the state right when the
/// whole call is tried again.
/// </summary>
public sealed class RetryTests
{
    private static readonly StreamId Stream = new(TenantId.Parse("acme"), Identifier.Parse("tickets"));

    /// <summary>The loader's policy with quick delays and room for many attempts.</summary>
    private static Task<T> RetriedAsync<T>(Func<CancellationToken, Task<T>> call, int attempts = 10)
        => new Transient(new LoaderOptions { MaxAttempts = attempts, RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(5) }, TimeProvider.System)
            .RunAsync(call, () => DateTimeOffset.MaxValue, null, default);

    [SkippableFact]
    public async Task S3_throttling_and_5xx_are_retried_until_the_call_succeeds()
    {
        var s3 = AwsTestServers.RequireS3();
        var bucket = AwsTestServers.UniqueName("retry");
        await using (var direct = new S3ObjectStore(new S3ObjectStoreOptions { Bucket = bucket, Connection = AwsTestServers.Connection(s3) }))
        {
            await direct.EnsureBucketAsync(default);
            await direct.PutAsync("t/canonical/x/a.csv", new MemoryStream(Encoding.UTF8.GetBytes("id\n1\n")), default);
        }
        // Requests 1-2 throttled, 3 a lost answer (500), then through.
        await using var proxy = new FaultProxy(s3, dynamo: false, r => r.Number switch { <= 2 => Fault.Throttle, 3 => Fault.LoseAnswer, _ => Fault.None });
        await using var store = new S3ObjectStore(new S3ObjectStoreOptions { Bucket = bucket, Connection = AwsTestServers.Connection(proxy.Endpoint) });
        var listed = await RetriedAsync(async ct =>
        {
            var all = new List<Stratum.Objects.ObjectInfo>();
            await foreach (var o in store.ListAsync("t/canonical/x/", ct))
            {
                all.Add(o);
            }
            return all;
        });
        Assert.Equal("t/canonical/x/a.csv", Assert.Single(listed).Key);
        Assert.Equal(4, proxy.Requests);
    }

    [SkippableFact]
    public async Task S3_access_denied_is_not_retried_and_is_permanent()
    {
        var s3 = AwsTestServers.RequireS3();
        await using var proxy = new FaultProxy(s3, dynamo: false, _ => Fault.Deny);
        await using var store = new S3ObjectStore(new S3ObjectStoreOptions { Bucket = "denied", Connection = AwsTestServers.Connection(proxy.Endpoint) });
        var e = await Assert.ThrowsAsync<StratumException>(async () =>
        {
            await foreach (var _ in store.ListAsync("", default))
            {
            }
        });
        Assert.False(e.IsTransient);
        Assert.Contains("AccessDenied", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, proxy.Requests);
    }

    [SkippableFact]
    public async Task DynamoDB_throttling_is_retried_and_gives_up_as_transient()
    {
        var ddb = AwsTestServers.RequireDynamoDb();
        await using var proxy = new FaultProxy(ddb, dynamo: true, _ => Fault.Throttle);
        var options = new DynamoDbStateStoreOptions
        {
            TableName = AwsTestServers.UniqueName("throttled"),
            Connection = AwsTestServers.Connection(proxy.Endpoint) with { Retry = new() { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1) } },
        };
        await using var store = new DynamoDbStateStore(options);
        var e = await Assert.ThrowsAsync<StratumException>(() => store.GetLedgerAsync(Stream, default));
        Assert.True(e.IsTransient);
        Assert.Equal(3, proxy.Requests);
    }

    [SkippableFact]
    public async Task A_lease_won_by_an_attempt_whose_answer_was_lost_is_still_ours()
    {
        var ddb = AwsTestServers.RequireDynamoDb();
        var table = AwsTestServers.UniqueName("lost");
        var direct = new DynamoDbStateStoreOptions { TableName = table, Connection = AwsTestServers.Connection(ddb) };
        await using var other = new DynamoDbStateStore(direct);
        await other.EnsureCreatedAsync(default);
        var updates = 0;
        await using var proxy = new FaultProxy(ddb, dynamo: true, r =>
            r.Operation.EndsWith(".UpdateItem", StringComparison.Ordinal) && Interlocked.Increment(ref updates) == 1 ? Fault.LoseAnswer : Fault.None);
        await using var store = new DynamoDbStateStore(direct with { Connection = AwsTestServers.Connection(proxy.Endpoint) });

        var lease = await RetriedAsync(ct => store.TryAcquireLeaseAsync(Stream, "w1", TimeSpan.FromMinutes(1), ct));

        Assert.NotNull(lease);
        Assert.Equal(1, lease.Token);
        Assert.Null(await other.TryAcquireLeaseAsync(Stream, "w2", TimeSpan.FromMinutes(1), default));
        Assert.NotNull(await other.RenewLeaseAsync(lease, TimeSpan.FromMinutes(1), default));
    }

    [SkippableFact]
    public async Task A_commit_whose_answers_are_lost_records_every_entry_once()
    {
        var ddb = AwsTestServers.RequireDynamoDb();
        var direct = new DynamoDbStateStoreOptions { TableName = AwsTestServers.UniqueName("lostcommit"), Connection = AwsTestServers.Connection(ddb) };
        await using var check = new DynamoDbStateStore(direct);
        await check.EnsureCreatedAsync(default);
        // Every ledger put is applied but its answer lost, then throttled once, then answered.
        await using var proxy = new FaultProxy(ddb, dynamo: true, r =>
            !r.Operation.EndsWith(".PutItem", StringComparison.Ordinal) ? Fault.None : r.Repeat switch { 0 => Fault.LoseAnswer, 1 => Fault.Throttle, _ => Fault.None });
        await using var store = new DynamoDbStateStore(direct with { Connection = AwsTestServers.Connection(proxy.Endpoint) });
        var lease = await store.TryAcquireLeaseAsync(Stream, "w1", TimeSpan.FromMinutes(1), default);
        Assert.NotNull(lease);
        var now = DateTimeOffset.UnixEpoch.AddYears(55);
        var entries = Enumerable.Range(0, 60)
            .Select(i => new LedgerEntry($"id{i}", $"acme/canonical/tickets/{i}.csv", FileStatus.Committed, i, "load-1", now))
            .ToList();

        Assert.True(await RetriedAsync(ct => store.RecordAsync(lease, entries, ct), attempts: 400));

        var ledger = await check.GetLedgerAsync(Stream, default);
        Assert.Equal(60, ledger.Count);
        Assert.Equal(59, ledger["id59"].Rows);
    }
}
