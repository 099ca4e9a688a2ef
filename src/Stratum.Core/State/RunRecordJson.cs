using System.Text.Json;
using System.Text.Json.Serialization;
using Stratum.Names;

namespace Stratum.State;

/// <summary>The run log's storage form, shared by every state store: a RunRecord as JSON (snake_case, stream as "tenant/table").</summary>
public static class RunRecordJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new StreamIdConverter() },
    };

    public static string Serialize(RunRecord run) => JsonSerializer.Serialize(run, Options);

    public static RunRecord Deserialize(string json) => JsonSerializer.Deserialize<RunRecord>(json, Options)
        ?? throw new StratumException("a run log record is empty");

    private sealed class StreamIdConverter : JsonConverter<StreamId>
    {
        public override StreamId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var parts = (reader.GetString() ?? "").Split('/');
            return new StreamId(TenantId.Parse(parts[0]), Identifier.Parse(parts[1]));
        }

        public override void Write(Utf8JsonWriter writer, StreamId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Key);
    }
}
