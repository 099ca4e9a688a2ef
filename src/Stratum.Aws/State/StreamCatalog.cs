using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Stratum.Aws.Connection;
using Stratum.Aws.Dynamo;
using Stratum.Names;

namespace Stratum.Aws.State;

/// <summary>
/// The streams that have state: one item each under <c>pk=catalog</c>, written (idempotently)
/// the first time this handle records files or logs a run for a stream, so listing streams is one
/// Query rather than a Scan of the whole table.
/// </summary>
internal sealed class StreamCatalog(IAmazonDynamoDB db, AwsCaller caller, string table)
{
    private readonly ConcurrentDictionary<StreamId, bool> _known = new();

    public async Task RegisterAsync(StreamId stream, CancellationToken cancellationToken)
    {
        if (_known.ContainsKey(stream))
        {
            return;
        }
        var item = StateKeys.Key(StateKeys.CatalogPk, stream.Key);
        item["tenant"] = Attr.S(stream.Tenant.Value);
        item["table_name"] = Attr.S(stream.Table.Value);
        await caller.RunAsync($"register {stream} in {table}",
            token => db.PutItemAsync(new PutItemRequest { TableName = table, Item = item }, token), cancellationToken);
        _known.TryAdd(stream, true);
    }

    public async Task<IReadOnlyList<StreamId>> ListAsync(CancellationToken cancellationToken)
    {
        var query = new QueryRequest
        {
            TableName = table,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new() { [":pk"] = Attr.S(StateKeys.CatalogPk) },
            ConsistentRead = true,
        };
        var streams = new List<StreamId>();
        await foreach (var item in DynamoPages.QueryAsync(db, caller, query, cancellationToken))
        {
            if (TenantId.TryParse(Attr.GetS(item, "tenant"), out var tenant, out _)
                && Identifier.TryParse(Attr.GetS(item, "table_name"), out var name, out _))
            {
                streams.Add(new StreamId(tenant, name));
            }
        }
        streams.Sort();
        return streams;
    }
}
