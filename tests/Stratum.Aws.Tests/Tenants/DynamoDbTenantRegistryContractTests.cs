using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Stratum.Aws.Tenants;
using Stratum.Tenants;
using Stratum.Testing.Tenants;

namespace Stratum.Aws.Tests.Tenants;

/// <summary>
/// The tenant registry contract, run against a fresh TenantServices table on dynalite: an enabled
/// name is a row with <c>enabled</c> true, a disabled one a row with it false, each of its own
/// service (so a repeated name is a tenant with several services); scanned ten items a page.
/// </summary>
public sealed class DynamoDbTenantRegistryContractTests : TenantRegistryContractTests
{
    protected override async Task<ITenantRegistry> CreateAsync(IReadOnlyList<string> enabled, IReadOnlyList<string> disabled)
    {
        var connection = AwsTestServers.Connection(AwsTestServers.RequireDynamoDb());
        var table = AwsTestServers.UniqueName("TenantServices");
        using (var client = new AmazonDynamoDBClient(connection.Credentials, new AmazonDynamoDBConfig { ServiceURL = connection.Endpoint!.ToString(), AuthenticationRegion = "us-east-1" }))
        {
            await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = table,
                AttributeDefinitions = [new("tenant_id", ScalarAttributeType.S), new("service", ScalarAttributeType.S)],
                KeySchema = [new("tenant_id", KeyType.HASH), new("service", KeyType.RANGE)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            });
            await WaitActiveAsync(client, table);
            var rows = enabled.Select((name, i) => (name, $"enabled-{i}", true))
                .Concat(disabled.Select((name, i) => (name, $"disabled-{i}", false)));
            foreach (var (name, service, on) in rows)
            {
                await client.PutItemAsync(new PutItemRequest
                {
                    TableName = table,
                    Item = new() { ["tenant_id"] = new() { S = name }, ["service"] = new() { S = service }, ["enabled"] = new() { BOOL = on } },
                });
            }
        }
        return new DynamoDbTenantRegistry(new DynamoDbTenantRegistryOptions { TableName = table, PageSize = 10, Connection = connection });
    }

    /// <summary>dynalite creates tables asynchronously: waits (bounded) until the table is active.</summary>
    private static async Task WaitActiveAsync(AmazonDynamoDBClient client, string table)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await client.DescribeTableAsync(table)).Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }
            await Task.Delay(50);
        }
    }
}
