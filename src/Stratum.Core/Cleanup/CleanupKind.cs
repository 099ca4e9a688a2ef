namespace Stratum.Cleanup;

/// <summary>What a cleanup repairs: exact duplicates (keep one row per group), or broken SCD2
/// histories (rebuild each broken key with the planner), or a contract migration (<c>stratum migrate</c>:
/// the table brought to a new contract, backed up and restored like the other two).</summary>
public enum CleanupKind
{
    Duplicates,
    Scd,
    Migration,
}
