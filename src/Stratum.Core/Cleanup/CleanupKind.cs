namespace Stratum.Cleanup;

/// <summary>What a cleanup repairs: exact duplicates (keep one row per group), or broken SCD2
/// histories (rebuild each broken key with the planner).</summary>
public enum CleanupKind
{
    Duplicates,
    Scd,
}
