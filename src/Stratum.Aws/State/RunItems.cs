using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Stratum.Aws.Connection;
using Stratum.Aws.Dynamo;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Aws.State;

/// <summary>The run log: one item per run in its stream's partition, sorted by finish time.</summary>
internal sealed class RunItems(IAmazonDynamoDB db, AwsCaller caller, string table)
{
    /// <summary>Unconditional: a retry rewrites the same item (same keys, same content).</summary>
    public Task AppendAsync(RunRecord run, CancellationToken cancellationToken)
        => caller.RunAsync($"log run {run.LoadId} of {run.Stream}",
            token => db.PutItemAsync(new PutItemRequest { TableName = table, Item = RunItemMapper.ToItem(run) }, token),
            cancellationToken);

    /// <summary>Runs of one stream that finished at or after <paramref name="since"/>, newest first.</summary>
    public async Task<List<RunRecord>> GetAsync(StreamId stream, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var query = new QueryRequest
        {
            TableName = table,
            KeyConditionExpression = "pk = :pk AND sk BETWEEN :from AND :to",
            ExpressionAttributeValues = new()
            {
                [":pk"] = Attr.S(StateKeys.StreamPk(stream)),
                [":from"] = Attr.S(StateKeys.RunPrefix + StateKeys.RunTime(since)),
                [":to"] = Attr.S(StateKeys.RunUpperBound),
            },
            ScanIndexForward = false,
            ConsistentRead = true,
        };
        var runs = new List<RunRecord>();
        await foreach (var item in DynamoPages.QueryAsync(db, caller, query, cancellationToken))
        {
            var run = RunItemMapper.FromItem(stream, item);
            if (run.Finished >= since) // the sort key has millisecond precision; this is exact
            {
                runs.Add(run);
            }
        }
        return runs;
    }
}
