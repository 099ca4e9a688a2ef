using System.Text.Json;
using System.Text.Json.Serialization;
using Stratum.Names;

namespace Stratum.Hosting;

/// <summary>
/// The one JSON shape of Stratum's results: snake_case names, enums as snake_case strings, names
/// (tenants, tables, streams) as their text, nulls left out. The CLI's <c>--json</c>, the service's
/// endpoints and the alert webhook all write it.
/// </summary>
public static class HostJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        };
        foreach (var c in NameJsonConverters.All)
        {
            o.Converters.Add(c);
        }
        return o;
    }
}
