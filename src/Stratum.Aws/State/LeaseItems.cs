using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Stratum.Aws.Connection;
using Stratum.Aws.Dynamo;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Aws.State;

/// <summary>
/// The lease item of a stream (<c>pk=stream#{tenant}/{table}, sk=lease</c>), changed only by
/// single-item conditional updates. Acquiring adds 1 to <c>token</c> in the same atomic update
/// whose condition is "absent, released or expired", so of two workers racing for an expired
/// lease the second sees the first's new expiry and fails; the token never goes back because the
/// item is never deleted (release only clears the owner and the expiry).
/// </summary>
internal sealed class LeaseItems(IAmazonDynamoDB db, AwsCaller caller, string table, TimeProvider clock)
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["#o"] = "owner",
        ["#t"] = "token",
        ["#e"] = "expires_at",
    };

    public async Task<Lease?> TryAcquireAsync(StreamId stream, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var expires = now + (long)ttl.TotalMilliseconds;
        var nonce = Guid.NewGuid().ToString("N");
        var request = new UpdateItemRequest
        {
            TableName = table,
            Key = StateKeys.Lease(stream),
            UpdateExpression = "SET #o = :o, #e = :e, acquired_at = :now, nonce = :nonce ADD #t :one",
            ConditionExpression = "attribute_not_exists(#e) OR #e <= :now",
            ExpressionAttributeNames = Names,
            ExpressionAttributeValues = new()
            {
                [":o"] = Attr.S(owner),
                [":e"] = Attr.N(expires),
                [":now"] = Attr.N(now),
                [":nonce"] = Attr.S(nonce),
                [":one"] = Attr.N(1),
            },
            ReturnValues = ReturnValue.ALL_NEW,
        };
        return await caller.RunAsync($"acquire lease {stream}", async token =>
        {
            try
            {
                var response = await db.UpdateItemAsync(request, token);
                return new Lease(stream, owner, Attr.RequireN(response.Attributes, "token"), DateTimeOffset.FromUnixTimeMilliseconds(expires));
            }
            catch (ConditionalCheckFailedException)
            {
                // Held — perhaps by us: an earlier try (this call's, or a whole call the loader
                // retried) may have won before its answer was lost. Owners are unique per worker.
                return await ReadIfMineAsync(stream, owner, token);
            }
        }, cancellationToken);
    }

    public async Task<Lease?> RenewAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var expires = clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)ttl.TotalMilliseconds;
        var ok = await UpdateIfHeldAsync(lease, "SET #e = :e", new() { [":e"] = Attr.N(expires) }, "renew", cancellationToken);
        return ok ? lease with { ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expires) } : null;
    }

    public Task ReleaseAsync(Lease lease, CancellationToken cancellationToken)
        => UpdateIfHeldAsync(lease, "SET #e = :zero REMOVE #o, nonce", new() { [":zero"] = Attr.N(0) }, "release", cancellationToken);

    /// <summary>The fence of a commit: succeeds only while <paramref name="lease"/>'s token is the stream's current one.</summary>
    public Task<bool> VerifyAsync(Lease lease, CancellationToken cancellationToken)
        => UpdateIfHeldAsync(lease, "SET last_commit = :now", new() { [":now"] = Attr.N(clock.GetUtcNow().ToUnixTimeMilliseconds()) }, "verify", cancellationToken);

    /// <summary>An update conditional on owner and token; repeating a successful one succeeds again, so retries are safe.</summary>
    private Task<bool> UpdateIfHeldAsync(Lease lease, string update, Dictionary<string, AttributeValue> values, string what, CancellationToken cancellationToken)
    {
        const string condition = "#o = :o AND #t = :t";
        values[":o"] = Attr.S(lease.Owner);
        values[":t"] = Attr.N(lease.Token);
        var request = new UpdateItemRequest
        {
            TableName = table,
            Key = StateKeys.Lease(lease.Stream),
            UpdateExpression = update,
            ConditionExpression = condition,
            // DynamoDB rejects a name that the expressions do not use.
            ExpressionAttributeNames = Names.Where(n => (update + condition).Contains(n.Key, StringComparison.Ordinal))
                .ToDictionary(n => n.Key, n => n.Value),
            ExpressionAttributeValues = values,
        };
        return caller.ConditionalAsync($"{what} lease {lease.Stream}", token => db.UpdateItemAsync(request, token), cancellationToken);
    }

    /// <summary>The stream's lease if <paramref name="owner"/> holds it and it has not expired (a consistent read).</summary>
    private async Task<Lease?> ReadIfMineAsync(StreamId stream, string owner, CancellationToken cancellationToken)
    {
        var response = await db.GetItemAsync(new GetItemRequest { TableName = table, Key = StateKeys.Lease(stream), ConsistentRead = true }, cancellationToken);
        var item = response.Item;
        if (item is null || Attr.GetS(item, "owner") != owner)
        {
            return null;
        }
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(Attr.RequireN(item, "expires_at"));
        return expiresAt > clock.GetUtcNow() ? new Lease(stream, owner, Attr.RequireN(item, "token"), expiresAt) : null;
    }
}
