using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Stratum.Aws.Connection;
using Stratum.Aws.Dynamo;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Aws.State;

/// <summary>
/// The circuit breaker of a stream (<c>pk=stream#{tenant}/{table}, sk=breaker</c>), beside its
/// lease. Each write is one PutItem of the whole item conditional on the version read
/// (<c>attribute_not_exists(pk)</c> for version 0), so of two workers that read the same version
/// one writes and the other is refused. The item is never deleted: closing writes a closed state,
/// so versions only grow and a stale writer can never succeed after a close.
/// </summary>
internal sealed class BreakerItems(IAmazonDynamoDB db, AwsCaller caller, string table)
{
    public async Task<BreakerState> GetAsync(StreamId stream, CancellationToken cancellationToken)
    {
        var response = await caller.RunAsync($"read breaker {stream}",
            token => db.GetItemAsync(new GetItemRequest { TableName = table, Key = StateKeys.Breaker(stream), ConsistentRead = true }, token),
            cancellationToken);
        return response.Item is { Count: > 0 } item ? FromItem(stream, item) : BreakerState.Closed(stream);
    }

    public async Task<BreakerState?> TryWriteAsync(BreakerState state, CancellationToken cancellationToken)
    {
        var written = state with { Version = state.Version + 1 };
        var request = new PutItemRequest { TableName = table, Item = ToItem(written) };
        if (state.Version == 0)
        {
            request.ConditionExpression = "attribute_not_exists(pk)";
        }
        else
        {
            request.ConditionExpression = "#v = :v";
            request.ExpressionAttributeNames = new() { ["#v"] = "version" };
            request.ExpressionAttributeValues = new() { [":v"] = Attr.N(state.Version) };
        }
        return await caller.ConditionalAsync($"write breaker {state.Stream}", token => db.PutItemAsync(request, token), cancellationToken)
            ? written
            : null;
    }

    private static Dictionary<string, AttributeValue> ToItem(BreakerState s)
    {
        var item = StateKeys.Breaker(s.Stream);
        item["failures"] = Attr.N(s.ConsecutiveFailures);
        item["backoff_ms"] = Attr.N((long)s.Backoff.TotalMilliseconds);
        item["version"] = Attr.N(s.Version);
        Put(item, "opened_at", s.OpenedAt);
        Put(item, "open_until", s.OpenUntil);
        Put(item, "trial_until", s.TrialUntil);
        Put(item, "changed_at", s.ChangedAt);
        if (s.TrialOwner is { } owner)
        {
            item["trial_owner"] = Attr.S(owner);
        }
        if (s.LastError is { Length: > 0 } error)
        {
            item["last_error"] = Attr.S(error);
        }
        return item;
    }

    private static BreakerState FromItem(StreamId stream, Dictionary<string, AttributeValue> item) => new()
    {
        Stream = stream,
        ConsecutiveFailures = (int)Attr.RequireN(item, "failures"),
        OpenedAt = Time(item, "opened_at"),
        OpenUntil = Time(item, "open_until"),
        Backoff = TimeSpan.FromMilliseconds(Attr.GetN(item, "backoff_ms") ?? 0),
        TrialOwner = Attr.GetS(item, "trial_owner"),
        TrialUntil = Time(item, "trial_until"),
        LastError = Attr.GetS(item, "last_error"),
        ChangedAt = Time(item, "changed_at"),
        Version = Attr.RequireN(item, "version"),
    };

    /// <summary>Times as epoch milliseconds, as the lease's expiry (absent when null).</summary>
    private static void Put(Dictionary<string, AttributeValue> item, string name, DateTimeOffset? t)
    {
        if (t is { } v)
        {
            item[name] = Attr.N(v.ToUnixTimeMilliseconds());
        }
    }

    private static DateTimeOffset? Time(Dictionary<string, AttributeValue> item, string name)
        => Attr.GetN(item, name) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
