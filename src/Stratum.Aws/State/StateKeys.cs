using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2.Model;
using Stratum.Aws.Dynamo;
using Stratum.Names;

namespace Stratum.Aws.State;

/// <summary>The keys of the state table's items (docs/dynamodb.md describes them).</summary>
internal static class StateKeys
{
    public const string Pk = "pk";
    public const string Sk = "sk";
    public const string LeaseSk = "lease";
    public const string BreakerSk = "breaker";
    public const string FilePrefix = "file#";
    public const string RunPrefix = "run#";
    /// <summary>Sorts after every <c>run#…</c> sort key ('$' follows '#').</summary>
    public const string RunUpperBound = "run$";
    public const string CatalogPk = "catalog";

    public static string StreamPk(StreamId stream) => "stream#" + stream.Key;

    public static Dictionary<string, AttributeValue> Lease(StreamId stream) => Key(StreamPk(stream), LeaseSk);

    public static Dictionary<string, AttributeValue> Breaker(StreamId stream) => Key(StreamPk(stream), BreakerSk);

    /// <summary>A file's sort key: a hash of its identity, which may be longer than a sort key may be (1 KB).</summary>
    public static string FileSk(string identity)
        => FilePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));

    public static string RunSk(DateTimeOffset finished, string loadId)
        => RunPrefix + RunTime(finished) + "#" + loadId;

    public static string RunTime(DateTimeOffset t)
        => Math.Max(0, t.ToUnixTimeMilliseconds()).ToString("D15", CultureInfo.InvariantCulture);

    public static Dictionary<string, AttributeValue> Key(string pk, string sk) => new()
    {
        [Pk] = Attr.S(pk),
        [Sk] = Attr.S(sk),
    };
}
