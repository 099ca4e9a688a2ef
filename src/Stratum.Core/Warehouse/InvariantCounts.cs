using Stratum.Invariants;

namespace Stratum.Warehouse;

/// <summary>
/// What the warehouse's cheap invariant queries found in a table (one tenant or all): the same
/// kinds the <see cref="InvariantChecker"/> defines, counted with the audit's SQL
/// (<see cref="Audit.Sql.SqlTableAuditor.CountProblemsAsync"/>). Exact duplicates are counted first
/// and every other kind over the distinct rows, so one copied row is one finding.
/// </summary>
public sealed record InvariantCounts
{
    public static InvariantCounts None { get; } = new();

    /// <summary>Rows in the table (of the tenant).</summary>
    public long Rows { get; init; }

    /// <summary>Extra copies: rows identical to another row in every column but the write metadata
    /// (source file, load id), which differs between two loaders that wrote the same version (a group of n counts n − 1).</summary>
    public long ExactDuplicateRows { get; init; }

    /// <summary>Keys with more than one current row.</summary>
    public long MultipleCurrentKeys { get; init; }

    /// <summary>Key and effective date shared by different rows (includes the same version both current and not).</summary>
    public long DuplicateVersions { get; init; }

    /// <summary>Versions whose interval runs past the start of the next one (or a delete marker beside versions).</summary>
    public long OverlappingIntervals { get; init; }

    /// <summary>Rows with <c>expiration_date &lt;= effective_date</c> (delete markers excepted), or malformed delete markers.</summary>
    public long InvertedIntervals { get; init; }

    /// <summary>Non-current rows without an expiration date.</summary>
    public long ExpiredWithoutExpirationDate { get; init; }

    /// <summary>Current rows with an expiration date.</summary>
    public long CurrentWithExpirationDate { get; init; }

    /// <summary>Gaps between consecutive versions; counted only for tables without deletes.</summary>
    public long Gaps { get; init; }

    /// <summary>Every SCD violation found (exact duplicates are counted apart).</summary>
    public long Violations => MultipleCurrentKeys + DuplicateVersions + OverlappingIntervals + InvertedIntervals
                              + ExpiredWithoutExpirationDate + CurrentWithExpirationDate + Gaps;

    /// <summary>
    /// The counts from the audit's per-kind totals: the same version both current and not is a
    /// duplicate version here, and an overlap is either of the audit's two overlap measures summed.
    /// Future effective dates are not a check's finding and are left out.
    /// </summary>
    public static InvariantCounts Of(long rows, long exactDuplicateRows, IEnumerable<(ViolationKind Kind, long Count)> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        var byKind = found.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Sum(f => f.Count));
        long N(ViolationKind kind) => byKind.GetValueOrDefault(kind);
        return new InvariantCounts
        {
            Rows = rows,
            ExactDuplicateRows = exactDuplicateRows,
            MultipleCurrentKeys = N(ViolationKind.MultipleCurrent),
            DuplicateVersions = N(ViolationKind.DuplicateVersion) + N(ViolationKind.SameVersionDifferentCurrent),
            OverlappingIntervals = N(ViolationKind.OverlappingInterval),
            InvertedIntervals = N(ViolationKind.InvertedInterval),
            ExpiredWithoutExpirationDate = N(ViolationKind.ExpiredWithoutExpirationDate),
            CurrentWithExpirationDate = N(ViolationKind.CurrentWithExpirationDate),
            Gaps = N(ViolationKind.Gap),
        };
    }
}
