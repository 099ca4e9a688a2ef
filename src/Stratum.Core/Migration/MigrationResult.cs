using Stratum.Cleanup;
using Stratum.Warehouse;

namespace Stratum.Migration;

/// <summary>A migration run: the preview, whether it executed, its cleanup id (<c>stratum restore</c> takes it), what
/// it applied, and the table's invariant counts after it (all zero when it went right).</summary>
public sealed record MigrationResult(MigrationPreview Preview, bool Executed, string? CleanupId, AppliedCleanup? Applied, InvariantCounts? After);
