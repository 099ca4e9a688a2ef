using Stratum.Aws.Connection;
using Stratum.Aws.Dynamo;

namespace Stratum.Aws.Tenants;

/// <summary>
/// The tenant registry table (items with <c>tenant_id</c>, <c>service</c>, <c>enabled</c>). URL form:
/// <c>dynamodb://TenantServices?endpoint=…&amp;region=…&amp;service=NAME</c>; with <c>service</c>
/// only that service's rows count, otherwise a tenant is enabled when any of its rows is.
/// </summary>
public sealed record DynamoDbTenantRegistryOptions
{
    public string TableName { get; init; } = "TenantServices";

    /// <summary>Only rows of this service count; null: any service.</summary>
    public string? Service { get; init; }

    public AwsConnectionOptions Connection { get; init; } = new();

    /// <summary>Items per Scan request; null lets DynamoDB fill 1 MB pages. Small values exercise paging in tests.</summary>
    public int? PageSize { get; init; }

    private static readonly string[] QueryNames = [.. AwsConnectionOptions.QueryNames, "service"];

    public static DynamoDbTenantRegistryOptions FromUrl(string url)
    {
        var parsed = AwsUrl.Parse(url, "dynamodb", QueryNames);
        if (parsed.Path.Length > 0)
        {
            throw new StratumException("a dynamodb:// tenants URL names a table only (dynamodb://TenantServices?…), without a path");
        }
        var options = new DynamoDbTenantRegistryOptions
        {
            TableName = parsed.Name,
            Service = parsed.Query.GetValueOrDefault("service"),
            Connection = AwsConnectionOptions.FromQuery(parsed.Query),
        };
        options.Validate();
        return options;
    }

    public string ToUrl() => $"dynamodb://{TableName}" + Connection.ToQuery(("service", Service));

    internal void Validate()
    {
        DynamoTableName.Check(TableName);
        if (PageSize is < 1)
        {
            throw new StratumException($"scan page size {PageSize} must be positive");
        }
        Connection.Validate();
    }
}
