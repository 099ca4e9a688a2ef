using System.Net;
using System.Text.Json;

namespace Stratum.Lambda.Events;

/// <summary>Reads an invocation's JSON into one of the <see cref="LambdaEvent"/> shapes, or says why it cannot.</summary>
internal static class EventParser
{
    private const string Expected = "expected an EventBridge scheduled event, {\"tenant\": \"…\", \"table\": \"…\"} (table optional), or an S3 ObjectCreated notification";

    public static LambdaEvent Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new BadEventException($"the event is not JSON ({e.Message}); {Expected}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new BadEventException($"the event is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object; {Expected}");
            }
            if (root.TryGetProperty("Records", out var records))
            {
                return ObjectsCreated(records);
            }
            if (Text(root, "detail-type") == "Scheduled Event" || Text(root, "source") == "aws.events")
            {
                return new LambdaEvent.Scheduled();
            }
            if (root.TryGetProperty("tenant", out _))
            {
                var tenant = Text(root, "tenant");
                if (string.IsNullOrEmpty(tenant))
                {
                    throw new BadEventException("the event's \"tenant\" must be a non-empty string");
                }
                if (root.TryGetProperty("table", out var t) && t.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    throw new BadEventException("the event's \"table\" must be a string when given");
                }
                return new LambdaEvent.OneTenant(tenant, Text(root, "table") is { Length: > 0 } table ? table : null);
            }
            throw new BadEventException($"unrecognised event with fields {string.Join(", ", root.EnumerateObject().Select(p => p.Name).Take(10))}; {Expected}");
        }
    }

    private static LambdaEvent.ObjectsCreated ObjectsCreated(JsonElement records)
    {
        if (records.ValueKind != JsonValueKind.Array)
        {
            throw new BadEventException("the event's \"Records\" is not an array; " + Expected);
        }
        var keys = new List<string>();
        var i = 0;
        foreach (var r in records.EnumerateArray())
        {
            if (Text(r, "eventSource") != "aws:s3")
            {
                throw new BadEventException($"record {i}: eventSource is '{Text(r, "eventSource")}', not aws:s3 (only S3 notifications are understood)");
            }
            // Only creations load anything; a removal or a restore notification is ignored.
            if (Text(r, "eventName") is { } name && name.StartsWith("ObjectCreated", StringComparison.Ordinal))
            {
                var key = r.TryGetProperty("s3", out var s3) && s3.TryGetProperty("object", out var o) ? Text(o, "key") : null;
                if (key is null)
                {
                    throw new BadEventException($"record {i}: no s3.object.key");
                }
                // Keys in S3 notifications are URL-encoded, spaces as '+'.
                keys.Add(WebUtility.UrlDecode(key));
            }
            i++;
        }
        return new LambdaEvent.ObjectsCreated(keys);
    }

    private static string? Text(JsonElement e, string name)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
