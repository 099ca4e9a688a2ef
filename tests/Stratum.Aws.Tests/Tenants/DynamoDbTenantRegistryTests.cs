using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Stratum.Aws.Tenants;

namespace Stratum.Aws.Tests.Tenants;

/// <summary>The TenantServices registry on dynalite: enabled tenants only, every scan page, bad rows reported.</summary>
public sealed class DynamoDbTenantRegistryTests
{
    private static async Task<(AmazonDynamoDBClient Client, string Table)> TableAsync()
    {
        var connection = AwsTestServers.Connection(AwsTestServers.RequireDynamoDb());
        var client = new AmazonDynamoDBClient(connection.Credentials, new AmazonDynamoDBConfig { ServiceURL = connection.Endpoint!.ToString(), AuthenticationRegion = "us-east-1" });
        var table = AwsTestServers.UniqueName("TenantServices");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            AttributeDefinitions = [new("tenant_id", ScalarAttributeType.S), new("service", ScalarAttributeType.S)],
            KeySchema = [new("tenant_id", KeyType.HASH), new("service", KeyType.RANGE)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
        // dynalite creates tables asynchronously even with --createTableMs 0: wait (bounded) for ACTIVE.
        for (var i = 0; i < 100; i++)
        {
            var described = await client.DescribeTableAsync(table);
            if (described.Table.TableStatus == TableStatus.ACTIVE)
            {
                break;
            }
            await Task.Delay(50);
        }
        return (client, table);
    }

    private static Task PutAsync(IAmazonDynamoDB client, string table, string tenant, string service, AttributeValue? enabled)
    {
        var item = new Dictionary<string, AttributeValue> { ["tenant_id"] = new() { S = tenant }, ["service"] = new() { S = service } };
        if (enabled is not null)
        {
            item["enabled"] = enabled;
        }
        return client.PutItemAsync(new PutItemRequest { TableName = table, Item = item });
    }

    [SkippableFact]
    public async Task Only_enabled_tenants_are_listed_across_many_scan_pages_and_bad_ids_are_reported()
    {
        var (client, table) = await TableAsync();
        using var _ = client;
        for (var i = 0; i < 120; i++)
        {
            var enabled = i % 3 == 0 ? new AttributeValue { BOOL = true } : new AttributeValue { BOOL = false };
            await PutAsync(client, table, $"tenant-{i:D3}", "connectwise", enabled);
        }
        await PutAsync(client, table, "tenant-001", "autotask", new AttributeValue { S = "true" }); // enabled by another service
        await PutAsync(client, table, "num-flag", "connectwise", new AttributeValue { N = "1" });
        await PutAsync(client, table, "no-flag", "connectwise", null);
        await PutAsync(client, table, "../escape", "connectwise", new AttributeValue { BOOL = true });
        await PutAsync(client, table, "bad tenant", "connectwise", new AttributeValue { BOOL = true });

        var problems = new List<string>();
        var options = new DynamoDbTenantRegistryOptions { TableName = table, PageSize = 10, Connection = AwsTestServers.Connection(AwsTestServers.RequireDynamoDb()) };
        using var registry = new DynamoDbTenantRegistry(options, problems.Add);
        var tenants = (await registry.ListEnabledAsync(default)).Select(t => t.Value).ToList();

        var expected = Enumerable.Range(0, 120).Where(i => i % 3 == 0).Select(i => $"tenant-{i:D3}")
            .Append("tenant-001").Append("num-flag").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, tenants);
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Contains(table, p, StringComparison.Ordinal));

        using var onlyAutotask = new DynamoDbTenantRegistry(options with { Service = "autotask" });
        Assert.Equal(["tenant-001"], (await onlyAutotask.ListEnabledAsync(default)).Select(t => t.Value));
    }

    [SkippableFact]
    public async Task An_empty_table_lists_no_tenant()
    {
        var (client, table) = await TableAsync();
        using var _ = client;
        using var registry = new DynamoDbTenantRegistry(new DynamoDbTenantRegistryOptions { TableName = table, Connection = AwsTestServers.Connection(AwsTestServers.RequireDynamoDb()) });
        var scan = await registry.ScanAsync(default);
        Assert.Empty(scan.Enabled);
        Assert.Empty(scan.Problems);
    }
}
