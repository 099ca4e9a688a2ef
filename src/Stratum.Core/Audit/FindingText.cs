using Stratum.Invariants;

namespace Stratum.Audit;

/// <summary>What each kind of SCD2 violation means, in the words the reports use, and how it is counted.</summary>
public static class FindingText
{
    public static string Describe(ViolationKind kind) => kind switch
    {
        ViolationKind.MultipleCurrent => "keys with more than one current row",
        ViolationKind.SameVersionDifferentCurrent => "versions (key + version) present both as current and as not current",
        ViolationKind.DuplicateVersion => "versions (key + version) present as several different rows",
        ViolationKind.OverlappingInterval => "consecutive versions whose intervals overlap (a version runs past the start of the next)",
        ViolationKind.InvertedInterval => "rows with expiration_date <= effective_date",
        ViolationKind.ExpiredWithoutExpirationDate => "non-current rows without an expiration_date",
        ViolationKind.CurrentWithExpirationDate => "current rows with an expiration_date",
        ViolationKind.Gap => "gaps between consecutive versions (one ends before the next starts)",
        ViolationKind.FutureEffectiveDate => "rows whose effective_date is in the future",
        ViolationKind.ExactDuplicate => "extra copies of rows identical in every column",
        _ => kind.ToString(),
    };

    /// <summary>The kind's name as reports and JSON spell it (snake case).</summary>
    public static string Name(ViolationKind kind) => kind switch
    {
        ViolationKind.MultipleCurrent => "multiple_current",
        ViolationKind.SameVersionDifferentCurrent => "same_version_different_current",
        ViolationKind.DuplicateVersion => "duplicate_version",
        ViolationKind.OverlappingInterval => "overlapping_interval",
        ViolationKind.InvertedInterval => "inverted_interval",
        ViolationKind.ExpiredWithoutExpirationDate => "expired_without_expiration_date",
        ViolationKind.CurrentWithExpirationDate => "current_with_expiration_date",
        ViolationKind.Gap => "gap",
        ViolationKind.FutureEffectiveDate => "future_effective_date",
        ViolationKind.ExactDuplicate => "exact_duplicate",
        _ => kind.ToString(),
    };
}
