using Stratum.Names;

namespace Stratum.ClickHouse.Client;

/// <summary>
/// How to reach a ClickHouse server. Built in code or from a URL (<see cref="ClickHouseUrl.Parse"/>).
/// The password comes only from the environment and is never shown by <see cref="ToString"/>.
/// </summary>
public sealed record ClickHouseOptions
{
    /// <summary>The HTTP interface: <c>http://host:8123/</c> or <c>https://host:8443/</c>.</summary>
    public required Uri Endpoint { get; init; }

    public Identifier Database { get; init; } = Identifier.Parse("default");

    public string User { get; init; } = "default";

    /// <summary>From STRATUM_CLICKHOUSE_PASSWORD or CLICKHOUSE_PASSWORD; sent only as a Basic authorization header.</summary>
    public string? Password { get; init; }

    /// <summary>A PEM or DER file with the CA that signs the server's certificate; null means the system trust store.
    /// Verification is never skipped.</summary>
    public string? CaFile { get; init; }

    /// <summary>How long one query may take, from the request to the last byte of the answer. Default 10 minutes.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Below the server's keep-alive (3 s on 18.16), so a pooled connection is never reused just as the server closes it.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Staging tables older than this are taken as orphans of a crashed load and dropped by the sweep. Default 1 hour.</summary>
    public TimeSpan StagingMaxAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Store timestamps as <c>DateTime64(6)</c>; null (default) decides by the server version.</summary>
    public bool? UseDateTime64 { get; init; }

    /// <summary>The endpoint and database, without credentials.</summary>
    public string Describe => $"clickhouse {Endpoint.GetLeftPart(UriPartial.Authority)}/{Database} (user {User})";

    public override string ToString() => Describe;
}
