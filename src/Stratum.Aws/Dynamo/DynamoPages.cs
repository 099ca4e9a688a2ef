using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Stratum.Aws.Connection;

namespace Stratum.Aws.Dynamo;

/// <summary>Every page of a Query or Scan, following LastEvaluatedKey (SDK v4 gives null for an empty page).</summary>
internal static class DynamoPages
{
    public static async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAsync(
        IAmazonDynamoDB db, AwsCaller caller, QueryRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await caller.RunAsync($"query {request.TableName}", token => db.QueryAsync(request, token), cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                yield return item;
            }
            if (page.LastEvaluatedKey is not { Count: > 0 } next)
            {
                yield break;
            }
            request.ExclusiveStartKey = next;
        }
    }

    public static async IAsyncEnumerable<Dictionary<string, AttributeValue>> ScanAsync(
        IAmazonDynamoDB db, AwsCaller caller, ScanRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await caller.RunAsync($"scan {request.TableName}", token => db.ScanAsync(request, token), cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                yield return item;
            }
            if (page.LastEvaluatedKey is not { Count: > 0 } next)
            {
                yield break;
            }
            request.ExclusiveStartKey = next;
        }
    }
}
