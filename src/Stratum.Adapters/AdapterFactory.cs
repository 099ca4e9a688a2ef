using Stratum.Cleanup;
using Stratum.Audit;
using Stratum.Aws.Objects;
using Stratum.Aws.State;
using Stratum.Aws.Tenants;
using Stratum.ClickHouse.Audit;
using Stratum.ClickHouse.Client;
using Stratum.ClickHouse.Warehouse;
using Stratum.DuckDb;
using Stratum.DuckDb.Audit;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Sqlite;
using Stratum.State;
using Stratum.Tenants;
using Stratum.Warehouse;

namespace Stratum.Adapters;

/// <summary>
/// Maps adapter URLs to adapters. One place per port, one case per scheme:
/// objects <c>file://</c>, <c>s3://</c>; state <c>sqlite://</c>, <c>dynamodb://</c>; warehouse
/// <c>duckdb://</c> or <c>clickhouse://</c>, <c>clickhouses://</c>, <c>https://</c> (ClickHouse's HTTP
/// interface); tenants <c>auto</c> (folders), a comma list or <c>dynamodb://</c>.
/// docs/configuration.md lists every form, docs/aws.md the AWS ones.
/// </summary>
public static class AdapterFactory
{
    public static IObjectStore Objects(string url, string baseDirectory)
    {
        var u = AdapterUrl.Parse(url, "objects");
        return u.Scheme switch
        {
            "file" => new LocalFolderObjectStore(u.LocalPath(baseDirectory)),
            "s3" => new S3ObjectStore(S3ObjectStoreOptions.FromUrl(url)),
            _ => throw Unknown("objects", u, "file://PATH, s3://BUCKET[/PREFIX][?region=…&endpoint=…]"),
        };
    }

    public static IStateStore State(string url, string baseDirectory, TimeProvider clock)
    {
        var u = AdapterUrl.Parse(url, "state");
        return u.Scheme switch
        {
            "sqlite" => new SqliteStateStore(u.LocalPath(baseDirectory), clock),
            "dynamodb" => new DynamoDbStateStore(DynamoDbStateStoreOptions.FromUrl(url), clock),
            _ => throw Unknown("state", u, "sqlite://PATH, dynamodb://TABLE[?region=…&endpoint=…]"),
        };
    }

    public static IWarehouse Warehouse(string url, string baseDirectory, TimeProvider clock)
    {
        var u = AdapterUrl.Parse(url, "warehouse");
        return u.Scheme switch
        {
            "duckdb" => DuckDb(u, baseDirectory),
            "clickhouse" or "clickhouses" or "http" or "https" => ClickHouse(url, clock),
            _ => throw Unknown("warehouse", u, "duckdb://PATH, clickhouse://HOST:PORT/DB, clickhouses://HOST:PORT/DB"),
        };
    }

    /// <summary><c>duckdb://PATH[?memory_limit=512MB]</c>.</summary>
    private static DuckDbWarehouse DuckDb(AdapterUrl u, string baseDirectory)
    {
        var unknown = u.Query.Keys.Where(k => k != "memory_limit").ToList();
        if (unknown.Count > 0)
        {
            throw new ConfigException($"warehouse '{u.Original}': unknown option '{unknown[0]}'; a DuckDB warehouse takes memory_limit (e.g. ?memory_limit=512MB)");
        }
        try
        {
            return new DuckDbWarehouse(u.LocalPath(baseDirectory), u.Query.GetValueOrDefault("memory_limit"));
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"warehouse '{u.Original}': {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    /// <summary>ClickHouse over HTTP; user from the URL or STRATUM_CLICKHOUSE_USER, password only from STRATUM_CLICKHOUSE_PASSWORD.</summary>
    private static ClickHouseWarehouse ClickHouse(string url, TimeProvider clock)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ConfigException($"warehouse '{url}' is not a valid URL");
        }
        try
        {
            return ClickHouseWarehouse.Create(ClickHouseUrl.Parse(uri), clock, null);
        }
        catch (StratumException e) when (e is not ConfigException)
        {
            throw new ConfigException(e.Message);
        }
    }

    /// <summary>The audit port (read only) and the repair port of a warehouse, one object (docs/audit-and-repair.md).</summary>
    public static ITableRewriter Auditor(IWarehouse warehouse) => warehouse switch
    {
        DuckDbWarehouse d => new DuckDbTableAuditor(d),
        ClickHouseWarehouse c => new ClickHouseTableAuditor(c),
        _ => throw new ConfigException($"{warehouse.Describe}: no audit adapter for this warehouse"),
    };

    public static ITenantRegistry Tenants(string spec, IObjectStore objects)
    {
        if (spec is "" or "auto")
        {
            return new FolderTenantRegistry(objects);
        }
        if (!spec.Contains("://", StringComparison.Ordinal))
        {
            return new StaticTenantRegistry(spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(TenantId.Parse));
        }
        var u = AdapterUrl.Parse(spec, "tenants");
        return u.Scheme switch
        {
            "dynamodb" => new DynamoDbTenantRegistry(DynamoDbTenantRegistryOptions.FromUrl(spec),
                problem => Console.Error.WriteLine($"warning: {problem}")),
            _ => throw Unknown("tenants", u, "auto, a comma-separated list, dynamodb://TenantServices[?region=…&service=…]"),
        };
    }

    private static ConfigException Unknown(string what, AdapterUrl u, string supported)
        => new($"{what}: unknown scheme '{u.Scheme}' in '{u.Original}'; supported: {supported}");
}
