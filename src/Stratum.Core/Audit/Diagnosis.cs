using System.Globalization;

namespace Stratum.Audit;

/// <summary>
/// A short plain-language reading of the exact duplicates: how many, how they are shaped (group
/// sizes), whether they hide among historical rows, when they were written (the concurrency
/// signature: all copies within seconds) and where they came from.
/// </summary>
public static class Diagnosis
{
    public static IReadOnlyList<string> Of(long totalRows, DuplicateFindings d, AuditRoles roles)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(roles);
        if (d.DuplicateRows == 0)
        {
            return ["No exact duplicates: no two rows are equal in every identity column."];
        }
        var lines = new List<string>
        {
            $"{N(d.DuplicateRows)} of {N(totalRows)} rows ({P(d.Percent)}%) are extra copies, in {N(d.Groups)} groups of identical rows.",
        };
        var sizes = d.GroupSizes;
        if (sizes.Count == 1)
        {
            var s = sizes[0].Size;
            lines.Add($"Every group has exactly {N(s)} copies ({N(s - 1)} extra each): the same rows were written {N(s)} times, as when {N(s)} loaders (or retries) process the same files.");
        }
        else
        {
            var mode = sizes.OrderByDescending(g => g.Groups).ThenBy(g => g.Size).First();
            lines.Add($"Groups hold {N(sizes.Min(g => g.Size))} to {N(sizes.Max(g => g.Size))} copies; most often {N(mode.Size)} ({N(mode.Groups)} groups).");
        }
        var historical = d.ByIsCurrent.Where(c => !c.IsCurrent).Sum(c => c.DuplicateRows);
        if (historical == d.DuplicateRows)
        {
            lines.Add("All of them are historical rows (is_current = false): a check of current rows only cannot see them.");
        }
        else if (historical == 0)
        {
            lines.Add("All of them are current rows: every query for the current state returns these keys more than once.");
        }
        else
        {
            lines.Add($"{N(historical)} are historical rows (is_current = false) and {N(d.DuplicateRows - historical)} current ones.");
        }
        lines.Add(Timing(d.Span, roles));
        foreach (var l in d.ByLineage)
        {
            lines.Add(l.DistinctValues == 1
                ? $"Every duplicate row came from one {l.Column} ({l.Values.FirstOrDefault()?.Value}): the copies were made inside one load."
                : $"The duplicate rows came from {N(l.DistinctValues)} different {l.Column} values: separate loads wrote the same rows.");
        }
        var tenants = d.ByTenant.Where(t => t.DuplicateRows > 0).OrderByDescending(t => t.DuplicateRows).ToList();
        lines.Add(tenants.Count == 1
            ? $"Only tenant {tenants[0].Tenant} is affected."
            : $"{tenants.Count} tenants are affected; most of all {tenants[0].Tenant} ({N(tenants[0].DuplicateRows)} extra rows).");
        return lines;
    }

    private static string Timing(WriteSpan? span, AuditRoles roles)
    {
        if (span is null)
        {
            return roles.IdentityExcludes.Count == 0
                ? "The copies are identical in every column. No load-time column was named (--loaded-at), so when they were written cannot be told."
                : "The copies are identical except for their lineage. No load-time column was named (--loaded-at), so when they were written cannot be told.";
        }
        if (span.Within1Minute == span.Groups)
        {
            return $"All copies of each group were written within {N(span.MaxSeconds)} seconds of each other ({span.Column}): concurrent loaders, not later retries.";
        }
        if (span.Within1Hour == span.Groups)
        {
            return $"All copies of each group were written within {N((span.MaxSeconds + 59) / 60)} minutes ({span.Column}): retries or overlapping scheduled runs.";
        }
        return $"Copies were written up to {N(span.MaxSeconds / 3600)} hours apart ({span.Column}); {N(span.Within1Minute)} of {N(span.Groups)} groups within a minute: the same data was loaded again later (no working idempotency).";
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string P(double p) => p.ToString("0.00", CultureInfo.InvariantCulture);
}
