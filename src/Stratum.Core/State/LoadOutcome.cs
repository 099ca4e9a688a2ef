using System.Text.Json.Serialization;

namespace Stratum.State;

/// <summary>
/// How one worker's pass over one stream ended (<see cref="RunRecord.Outcome"/>). The run log,
/// <c>--json</c> output, metrics and the dashboard show it as its text (<see cref="LoadOutcomes.Text"/>):
/// <c>loaded</c>, <c>nothing-pending</c>, … — the stored form, unchanged from when it was a string.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<LoadOutcome>))]
public enum LoadOutcome
{
    /// <summary>Every pending file was read and published (or quarantined) and recorded.</summary>
    [JsonStringEnumMemberName("loaded")]
    Loaded,

    /// <summary>Every listed file was in the ledger already; the warehouse was not opened.</summary>
    [JsonStringEnumMemberName("nothing-pending")]
    NothingPending,

    /// <summary>Another worker holds the stream's lease; this one did nothing.</summary>
    [JsonStringEnumMemberName("skipped-lease-held")]
    SkippedLeaseHeld,

    /// <summary>The lease was lost (expired and taken, or refused at publish); what was not recorded stays pending.</summary>
    [JsonStringEnumMemberName("lost-lease")]
    LostLease,

    /// <summary>An error ended the run (the record's error says which); what was not recorded stays pending.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>A graceful shutdown, before the start or between batches; the rest stays pending.</summary>
    [JsonStringEnumMemberName("stopped")]
    Stopped,

    /// <summary>
    /// The stream's circuit breaker is open (failed loads in a row): the pass did not try it; the
    /// record's error says until when and why. Nothing was read; every file stays pending.
    /// </summary>
    [JsonStringEnumMemberName("skipped-breaker-open")]
    SkippedBreakerOpen,
}
