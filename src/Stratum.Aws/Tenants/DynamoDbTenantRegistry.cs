using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Stratum.Aws.Connection;
using Stratum.Aws.Dynamo;
using Stratum.Names;
using Stratum.Tenants;

namespace Stratum.Aws.Tenants;

/// <summary>
/// The tenant registry on the pipeline's DynamoDB <c>TenantServices</c> table: the tenants with an
/// enabled row (of the configured service, if any). The table is scanned page by page; a row
/// whose <c>tenant_id</c> is not a valid tenant id is reported, not loaded and not fatal.
/// </summary>
public sealed class DynamoDbTenantRegistry : ITenantRegistry, IDisposable
{
    private readonly IAmazonDynamoDB _db;
    private readonly bool _ownsClient;
    private readonly DynamoDbTenantRegistryOptions _options;
    private readonly AwsCaller _caller;
    private readonly Action<string>? _onProblem;

    /// <param name="options">the table, region, endpoint and service the registry reads</param>
    /// <param name="onProblem">told about each unusable row (e.g. the CLI prints a warning)</param>
    public DynamoDbTenantRegistry(DynamoDbTenantRegistryOptions options, Action<string>? onProblem = null)
        : this(Checked(options), AwsClients.CreateDynamoDb(options.Connection), ownsClient: true, onProblem)
    {
    }

    /// <summary>Uses a client the caller owns (and disposes).</summary>
    public DynamoDbTenantRegistry(DynamoDbTenantRegistryOptions options, IAmazonDynamoDB client, Action<string>? onProblem = null)
        : this(Checked(options), client, ownsClient: false, onProblem)
    {
    }

    private DynamoDbTenantRegistry(DynamoDbTenantRegistryOptions options, IAmazonDynamoDB client, bool ownsClient, Action<string>? onProblem)
    {
        ArgumentNullException.ThrowIfNull(client);
        _options = options;
        _db = client;
        _ownsClient = ownsClient;
        _caller = new AwsCaller(options.Connection.Retry);
        _onProblem = onProblem;
    }

    public string Describe => _options.ToUrl();

    public async Task<IReadOnlyList<TenantId>> ListEnabledAsync(CancellationToken cancellationToken)
    {
        var scan = await ScanAsync(cancellationToken);
        foreach (var problem in scan.Problems)
        {
            _onProblem?.Invoke(problem);
        }
        return scan.Enabled;
    }

    /// <summary>The whole table, every page: enabled tenants and the rows that could not be used.</summary>
    public async Task<TenantScan> ScanAsync(CancellationToken cancellationToken)
    {
        var request = new ScanRequest
        {
            TableName = _options.TableName,
            ProjectionExpression = "#t, #s, #e",
            ExpressionAttributeNames = new() { ["#t"] = "tenant_id", ["#s"] = "service", ["#e"] = "enabled" },
            Limit = _options.PageSize,
        };
        var enabled = new SortedSet<TenantId>();
        var problems = new List<string>();
        await foreach (var item in DynamoPages.ScanAsync(_db, _caller, request, cancellationToken))
        {
            var service = Attr.GetS(item, "service");
            if (_options.Service is not null && !string.Equals(service, _options.Service, StringComparison.Ordinal))
            {
                continue;
            }
            if (!EnabledFlag.IsEnabled(item.GetValueOrDefault("enabled")))
            {
                continue;
            }
            var raw = item.GetValueOrDefault("tenant_id") is { } t ? t.S ?? t.N : null;
            if (TenantId.TryParse(raw, out var tenant, out var error))
            {
                enabled.Add(tenant);
            }
            else
            {
                problems.Add($"{_options.TableName}: a row of service '{service ?? "(none)"}' was skipped: {error}");
            }
        }
        return new TenantScan([.. enabled], problems);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _db.Dispose();
        }
    }

    private static DynamoDbTenantRegistryOptions Checked(DynamoDbTenantRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
