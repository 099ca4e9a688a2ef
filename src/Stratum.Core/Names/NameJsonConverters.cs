using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stratum.Names;

/// <summary>JSON forms of names: an identifier or tenant as its text, a stream as "tenant/table".</summary>
public static class NameJsonConverters
{
    public static IReadOnlyList<JsonConverter> All { get; } = [new IdentifierConverter(), new TenantConverter(), new StreamConverter()];

    private sealed class IdentifierConverter : JsonConverter<Identifier>
    {
        public override Identifier Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Identifier.Parse(reader.GetString());

        public override void Write(Utf8JsonWriter writer, Identifier value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

    private sealed class TenantConverter : JsonConverter<TenantId>
    {
        public override TenantId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => TenantId.Parse(reader.GetString());

        public override void Write(Utf8JsonWriter writer, TenantId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

    private sealed class StreamConverter : JsonConverter<StreamId>
    {
        public override StreamId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? "";
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            return slash < 0
                ? throw new JsonException($"stream '{text}' is not tenant/table")
                : new StreamId(TenantId.Parse(text[..slash]), Identifier.Parse(text[(slash + 1)..]));
        }

        public override void Write(Utf8JsonWriter writer, StreamId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Key);
    }
}
