using Stratum.Audit;

namespace Stratum.Cleanup;

/// <summary>
/// A cleanup run: what it planned, whether it executed, its id (restore with it), the audit before
/// and after, and what it applied. A second run over a clean table executes nothing and has no id.
/// </summary>
public sealed record CleanupResult(
    CleanupPreview Preview, bool Executed, string? CleanupId, AuditReport Before, AuditReport? After, AppliedCleanup? Applied)
{
    /// <summary>The kind this cleanup repairs is now clean (or, in a dry run, there was nothing to do).</summary>
    public bool Resolved => Executed ? Remaining(After!) == 0 : Preview.NothingToDo;

    /// <summary>Findings of the cleanup's own kind left in a report (exact duplicates, or repairable violations).</summary>
    public long Remaining(AuditReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Preview.Kind == CleanupKind.Duplicates
            ? report.ExactDuplicates.DuplicateRows
            : report.Violations.Where(v => v.Repairable).Sum(v => v.Count);
    }
}
