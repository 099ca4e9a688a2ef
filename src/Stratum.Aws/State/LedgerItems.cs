using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Stratum.Aws.Connection;
using Stratum.Aws.Dynamo;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Aws.State;

/// <summary>
/// One item per file of a stream (<c>pk=stream#{tenant}/{table}, sk=file#{sha256(identity)}</c>).
/// Each is written by a PutItem conditional on not existing, so recording a file twice keeps
/// the first record (commits are idempotent, and a stale writer can never overwrite one).
/// </summary>
internal sealed class LedgerItems(IAmazonDynamoDB db, AwsCaller caller, string table, int concurrency)
{
    private const string Committed = "committed";
    private const string Quarantined = "quarantined";
    private static readonly Dictionary<string, string> StatusName = new() { ["#s"] = "status" };

    public async Task PutAllAsync(StreamId stream, long leaseToken, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        var distinct = entries.DistinctBy(e => e.Identity, StringComparer.Ordinal).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(distinct, options, async (entry, token) =>
        {
            var request = new PutItemRequest
            {
                TableName = table,
                Item = ToItem(stream, leaseToken, entry),
                ConditionExpression = "attribute_not_exists(pk)",
            };
            // Refused = already recorded (by us on an earlier try, or before): left as it is.
            await caller.ConditionalAsync($"record {entry.Key} in {table}", t => db.PutItemAsync(request, t), token);
        });
    }

    public async Task<IReadOnlyDictionary<string, LedgerEntry>> GetAsync(StreamId stream, CancellationToken cancellationToken)
    {
        var ledger = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        await foreach (var item in DynamoPages.QueryAsync(db, caller, FilesOf(stream), cancellationToken))
        {
            var entry = FromItem(item);
            ledger[entry.Identity] = entry;
        }
        return ledger;
    }

    public async Task<int> ReadmitAsync(StreamId stream, IReadOnlyCollection<string>? identities, CancellationToken cancellationToken)
    {
        var sortKeys = new List<string>();
        if (identities is not null)
        {
            sortKeys.AddRange(identities.Distinct(StringComparer.Ordinal).Select(StateKeys.FileSk));
        }
        else
        {
            var query = FilesOf(stream);
            query.FilterExpression = "#s = :q";
            query.ExpressionAttributeNames = StatusName;
            query.ExpressionAttributeValues[":q"] = Attr.S(Quarantined);
            query.ProjectionExpression = "sk";
            await foreach (var item in DynamoPages.QueryAsync(db, caller, query, cancellationToken))
            {
                sortKeys.Add(Attr.RequireS(item, StateKeys.Sk));
            }
        }
        var removed = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(sortKeys, options, async (sk, token) =>
        {
            if (await DeleteIfQuarantinedAsync(stream, sk, token))
            {
                Interlocked.Increment(ref removed);
            }
        });
        return removed;
    }

    /// <summary>Deletes only a quarantined entry: a committed file is never re-admitted.</summary>
    private Task<bool> DeleteIfQuarantinedAsync(StreamId stream, string sk, CancellationToken cancellationToken)
    {
        var request = new DeleteItemRequest
        {
            TableName = table,
            Key = StateKeys.Key(StateKeys.StreamPk(stream), sk),
            ConditionExpression = "#s = :q",
            ExpressionAttributeNames = StatusName,
            ExpressionAttributeValues = new() { [":q"] = Attr.S(Quarantined) },
        };
        return caller.ConditionalAsync($"readmit {stream}", token => db.DeleteItemAsync(request, token), cancellationToken);
    }

    private QueryRequest FilesOf(StreamId stream) => new()
    {
        TableName = table,
        KeyConditionExpression = "pk = :pk AND begins_with(sk, :file)",
        ExpressionAttributeValues = new()
        {
            [":pk"] = Attr.S(StateKeys.StreamPk(stream)),
            [":file"] = Attr.S(StateKeys.FilePrefix),
        },
        ConsistentRead = true, // the next lease holder must see every commit of the last one
    };

    private static Dictionary<string, AttributeValue> ToItem(StreamId stream, long leaseToken, LedgerEntry e)
    {
        var item = StateKeys.Key(StateKeys.StreamPk(stream), StateKeys.FileSk(e.Identity));
        item["identity"] = Attr.S(e.Identity);
        item["object_key"] = Attr.S(e.Key);
        item["status"] = Attr.S(e.Status == FileStatus.Committed ? Committed : Quarantined);
        item["rows"] = Attr.N(e.Rows);
        item["load_id"] = Attr.S(e.LoadId);
        item["recorded_at"] = Attr.Time(e.RecordedAt);
        item["lease_token"] = Attr.N(leaseToken);
        if (e.Reason is not null)
        {
            item["reason"] = Attr.S(e.Reason);
        }
        if (e.NewestEventTime is { } newest)
        {
            item["newest_event_time"] = Attr.Time(newest);
        }
        return item;
    }

    private static LedgerEntry FromItem(Dictionary<string, AttributeValue> item)
    {
        var status = Attr.RequireS(item, "status") switch
        {
            Committed => FileStatus.Committed,
            Quarantined => FileStatus.Quarantined,
            var other => throw new StratumException($"ledger item {Attr.GetS(item, "sk")} has unknown status '{other}'"),
        };
        return new LedgerEntry(
            Attr.RequireS(item, "identity"),
            Attr.RequireS(item, "object_key"),
            status,
            Attr.RequireN(item, "rows"),
            Attr.RequireS(item, "load_id"),
            Attr.RequireTime(item, "recorded_at"),
            Attr.GetS(item, "reason"),
            Attr.GetTime(item, "newest_event_time"));
    }
}
