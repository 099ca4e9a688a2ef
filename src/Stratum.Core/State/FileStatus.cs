namespace Stratum.State;

/// <summary>A file's place in the ledger. A file not in the ledger is pending.</summary>
public enum FileStatus
{
    /// <summary>Its rows are in the warehouse.</summary>
    Committed,

    /// <summary>It cannot be loaded as it is; <see cref="LedgerEntry.Reason"/> says why. Re-admitted by <c>stratum quarantine retry</c>.</summary>
    Quarantined,
}
