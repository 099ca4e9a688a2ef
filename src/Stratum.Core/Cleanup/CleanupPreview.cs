using Stratum.Audit;
using System.Text.Json.Serialization;

namespace Stratum.Cleanup;

/// <summary>
/// Exactly what a cleanup would change (the dry run): per partition the rows taken out and written,
/// the totals, the keys or groups involved, samples (before and after) and every note the repair
/// rules raised. <see cref="Plan"/> is the SCD rebuild itself (not printed).
/// </summary>
public sealed record CleanupPreview(
    CleanupKind Kind, string Table, string? Tenant, IReadOnlyList<PartitionChange> Partitions,
    long RowsRemoved, long RowsWritten, long Groups, IReadOnlyList<string> Notes, IReadOnlyList<string> Samples)
{
    [JsonIgnore]
    public RebuildPlan? Plan { get; init; }

    public bool NothingToDo => RowsRemoved == 0 && RowsWritten == 0;
}
