using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Stratum.Aws.Dynamo;

/// <summary>Building and reading DynamoDB attribute values. Times are ISO-8601 UTC strings (exact to the tick) or epoch milliseconds.</summary>
internal static class Attr
{
    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Time(DateTimeOffset value) => S(Iso(value));

    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static string? GetS(Dictionary<string, AttributeValue> item, string name)
        => item.TryGetValue(name, out var a) ? a.S : null;

    public static string RequireS(Dictionary<string, AttributeValue> item, string name)
        => GetS(item, name) ?? throw Missing(item, name);

    public static long? GetN(Dictionary<string, AttributeValue> item, string name)
        => item.TryGetValue(name, out var a) && a.N is { } n ? long.Parse(n, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    public static long RequireN(Dictionary<string, AttributeValue> item, string name)
        => GetN(item, name) ?? throw Missing(item, name);

    public static DateTimeOffset? GetTime(Dictionary<string, AttributeValue> item, string name)
        => GetS(item, name) is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;

    public static DateTimeOffset RequireTime(Dictionary<string, AttributeValue> item, string name)
        => GetTime(item, name) ?? throw Missing(item, name);

    private static StratumException Missing(Dictionary<string, AttributeValue> item, string name)
        => new($"DynamoDB item {GetS(item, "pk")}/{GetS(item, "sk")} has no attribute '{name}' of the expected type; was it written by another program?");
}
