using Stratum.Aws.Connection;
using Stratum.Aws.Dynamo;

namespace Stratum.Aws.State;

/// <summary>
/// Where a <see cref="DynamoDbStateStore"/> keeps its state: one table (see docs/dynamodb.md).
/// URL form: <c>dynamodb://table?endpoint=http://127.0.0.1:4567&amp;region=us-east-1&amp;profile=NAME</c>;
/// without <c>endpoint</c> the store talks to DynamoDB itself.
/// </summary>
public sealed record DynamoDbStateStoreOptions
{
    public required string TableName { get; init; }

    public AwsConnectionOptions Connection { get; init; } = new();

    /// <summary>Ledger writes in flight at once during one commit. Default 16.</summary>
    public int WriteConcurrency { get; init; } = 16;

    /// <summary>How long <c>EnsureCreatedAsync</c> waits for a new table to become ACTIVE. Default 5 minutes.</summary>
    public TimeSpan CreateTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public static DynamoDbStateStoreOptions FromUrl(string url)
    {
        var parsed = AwsUrl.Parse(url, "dynamodb", AwsConnectionOptions.QueryNames);
        if (parsed.Path.Length > 0)
        {
            throw new StratumException("a dynamodb:// state URL names a table only (dynamodb://table?…), without a path");
        }
        var options = new DynamoDbStateStoreOptions { TableName = parsed.Name, Connection = AwsConnectionOptions.FromQuery(parsed.Query) };
        options.Validate();
        return options;
    }

    public string ToUrl() => $"dynamodb://{TableName}" + Connection.ToQuery();

    internal void Validate()
    {
        DynamoTableName.Check(TableName);
        if (WriteConcurrency is < 1 or > 256)
        {
            throw new StratumException($"DynamoDB write concurrency {WriteConcurrency} is out of range 1..256");
        }
        Connection.Validate();
    }
}
