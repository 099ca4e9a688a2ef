using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Stratum.Aws.Connection;

namespace Stratum.Aws.Dynamo;

/// <summary>
/// Creates a table with a string hash key and an optional string range key, on demand billing,
/// unless it exists; waits until it is ACTIVE; and checks an existing table has the expected keys.
/// Safe to call from many workers at once.
/// </summary>
internal sealed class DynamoTable(IAmazonDynamoDB db, AwsCaller caller, string name, string hashKey, string? rangeKey)
{
    public async Task EnsureCreatedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var table = await DescribeAsync(cancellationToken);
        if (table is null)
        {
            await CreateAsync(cancellationToken);
        }
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var delay = TimeSpan.FromMilliseconds(50);
        while (table is null || table.TableStatus != TableStatus.ACTIVE)
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new StratumException($"DynamoDB table {name} did not become ACTIVE within {timeout} (status {table?.TableStatus?.Value ?? "absent"})", isTransient: true);
            }
            if (table is not null)
            {
                // Waiting for the server uses real time, never the injected (possibly frozen) clock.
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
            }
            table = await DescribeAsync(cancellationToken);
        }
        CheckKeys(table);
    }

    private async Task<TableDescription?> DescribeAsync(CancellationToken cancellationToken)
        => await caller.RunAsync($"describe table {name}", async token =>
        {
            try
            {
                return (await db.DescribeTableAsync(new DescribeTableRequest { TableName = name }, token)).Table;
            }
            catch (ResourceNotFoundException)
            {
                return null;
            }
        }, cancellationToken);

    private Task CreateAsync(CancellationToken cancellationToken)
    {
        var attributes = new List<AttributeDefinition> { new(hashKey, ScalarAttributeType.S) };
        var keys = new List<KeySchemaElement> { new(hashKey, KeyType.HASH) };
        if (rangeKey is not null)
        {
            attributes.Add(new AttributeDefinition(rangeKey, ScalarAttributeType.S));
            keys.Add(new KeySchemaElement(rangeKey, KeyType.RANGE));
        }
        var request = new CreateTableRequest
        {
            TableName = name,
            AttributeDefinitions = attributes,
            KeySchema = keys,
            BillingMode = BillingMode.PAY_PER_REQUEST,
        };
        return caller.RunAsync($"create table {name}", async token =>
        {
            try
            {
                await db.CreateTableAsync(request, token);
            }
            catch (ResourceInUseException)
            {
                // Another worker is creating it; wait for ACTIVE like everyone else.
            }
        }, cancellationToken);
    }

    private void CheckKeys(TableDescription table)
    {
        var schema = table.KeySchema ?? [];
        var hash = schema.FirstOrDefault(k => k.KeyType == KeyType.HASH)?.AttributeName;
        var range = schema.FirstOrDefault(k => k.KeyType == KeyType.RANGE)?.AttributeName;
        if (hash != hashKey || range != rangeKey)
        {
            throw new StratumException(
                $"DynamoDB table {name} exists with keys ({hash}, {range ?? "no range key"}) but Stratum needs ({hashKey}, {rangeKey ?? "no range key"}); use another table name");
        }
    }
}
