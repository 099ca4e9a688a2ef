using System.Collections.Concurrent;
using System.Net.Sockets;
using Amazon.Runtime;
using Stratum.Aws.Connection;
using Stratum.Testing;

namespace Stratum.Aws.Tests;

/// <summary>s3rver and dynalite as scripts/services/aws.sh starts them (STRATUM_TEST_S3, STRATUM_TEST_DYNAMODB).</summary>
internal static class AwsTestServers
{
    private const string HowToStart = "eval \"$(bash scripts/services/aws.sh start)\"";
    private static readonly ConcurrentDictionary<Uri, bool> Reachable = new();

    public static Uri RequireS3() => Require("STRATUM_TEST_S3", "s3rver");

    public static Uri RequireDynamoDb() => Require("STRATUM_TEST_DYNAMODB", "dynalite");

    /// <summary>The ClickHouse server scripts/services/clickhouse.sh starts (for the whole production stack).</summary>
    public static Uri RequireClickHouse() => Require("STRATUM_TEST_CLICKHOUSE", "ClickHouse", "eval \"$(bash scripts/services/clickhouse.sh start)\"");

    /// <summary>s3rver's well-known placeholder key (dynalite accepts any) and quick retries.</summary>
    public static AwsConnectionOptions Connection(Uri endpoint) => new()
    {
        Endpoint = endpoint,
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials("S3RVER", "S3RVER"),
        Retry = new AwsRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(100) },
    };

    /// <summary>A fresh lower-case name (valid as a bucket and a table name).</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 25, 63)];

    private static Uri Require(string variable, string what, string howToStart = HowToStart)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        Uri? uri = null;
        var ok = !string.IsNullOrEmpty(text) && Uri.TryCreate(text, UriKind.Absolute, out uri) && Reachable.GetOrAdd(uri, Probe);
        ServerRequirement.Require(ok, $"{what} ({variable}={text ?? "unset"})", howToStart);
        return uri!;
    }

    private static bool Probe(Uri uri)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(uri.Host, uri.Port).Wait(TimeSpan.FromSeconds(2)) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
