namespace Stratum.Invariants;

/// <summary>Every way a table's history can be wrong. docs/scd-semantics.md defines each.</summary>
public enum ViolationKind
{
    /// <summary>Rows identical in every column.</summary>
    ExactDuplicate,

    /// <summary>More than one current row for a key.</summary>
    MultipleCurrent,

    /// <summary>Same key and version (effective date) both current and not current.</summary>
    SameVersionDifferentCurrent,

    /// <summary>Same key and effective date, different content.</summary>
    DuplicateVersion,

    /// <summary>A version's interval runs past the start of the next one.</summary>
    OverlappingInterval,

    /// <summary><c>expiration_date &lt;= effective_date</c>.</summary>
    InvertedInterval,

    /// <summary>A version ends before the next one starts (legitimate only where deletes exist).</summary>
    Gap,

    /// <summary>A non-current row without an expiration date.</summary>
    ExpiredWithoutExpirationDate,

    /// <summary>A current row with an expiration date.</summary>
    CurrentWithExpirationDate,

    /// <summary>An effective date after the checking time.</summary>
    FutureEffectiveDate,
}
