using System.Text.Json;
using Stratum.Names;

namespace Stratum.State;

/// <summary>The run log's storage form, shared by every state store: a RunRecord as JSON (snake_case, stream as "tenant/table").</summary>
public static class RunRecordJson
{
    private static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, TypeInfoResolver = StateJsonContext.Default };
        foreach (var c in NameJsonConverters.All)
        {
            o.Converters.Add(c);
        }
        return o;
    }

    public static string Serialize(RunRecord run) => JsonSerializer.Serialize(run, Options);

    /// <summary>A run's conflicts alone, for stores that keep the record's fields apart (DynamoDB).</summary>
    public static string SerializeConflicts(IReadOnlyList<ConflictRecord> conflicts) => JsonSerializer.Serialize(conflicts, Options);

    public static IReadOnlyList<ConflictRecord> DeserializeConflicts(string json) => JsonSerializer.Deserialize<List<ConflictRecord>>(json, Options) ?? [];

    public static RunRecord Deserialize(string json) => JsonSerializer.Deserialize<RunRecord>(json, Options)
        ?? throw new StratumException("a run log record is empty");
}
