using System.Globalization;
using Stratum.Planning;

namespace Stratum.Invariants;

/// <summary>
/// The one definition of a correct history. The planner's output must always pass it; the
/// warehouse audit counts the same kinds with SQL over whole tables.
/// </summary>
public static class InvariantChecker
{
    public static IReadOnlyList<Violation> Check(IEnumerable<VersionRow> rows, InvariantOptions? options = null)
    {
        options ??= new InvariantOptions();
        var violations = new List<Violation>();
        foreach (var group in rows.GroupBy(r => r.Key))
        {
            CheckKey(group.Key, [.. group], options, violations);
        }
        return violations;
    }

    /// <summary>Checks the history of one key (rows of that key only), adding to <paramref name="violations"/>.</summary>
    public static void CheckKey(RowKey key, IReadOnlyList<VersionRow> rows, InvariantOptions options, List<Violation> violations)
    {
        if (rows.Count == 1)
        {
            CheckRow(key, rows[0], options, violations);
        }
        else if (rows.Count > 1)
        {
            CheckSeveral(key, [.. rows], options, violations);
        }
    }

    private static void CheckSeveral(RowKey key, List<VersionRow> rows, InvariantOptions options, List<Violation> violations)
    {
        // A delete marker (empty hash, empty interval, not current) records a delete of a key with
        // no version; it must stand alone and have exactly that shape.
        var markers = rows.Where(r => r.IsDeleteMarker).ToList();
        if (markers.Count > 0)
        {
            if (markers.Count != rows.Count)
            {
                violations.Add(new Violation(ViolationKind.OverlappingInterval, key, "a delete marker stands beside versions of the key"));
            }
            foreach (var m in markers)
            {
                CheckRow(key, m, options, violations);
            }
            if (markers.Count > 1)
            {
                violations.Add(new Violation(ViolationKind.ExactDuplicate, key, $"{markers.Count} delete markers"));
            }
            rows = [.. rows.Where(r => !r.IsDeleteMarker)];
        }
        // Exact duplicates: keep one of each, report the rest.
        var distinct = new List<VersionRow>();
        foreach (var r in rows)
        {
            if (distinct.Any(d => d.SameAs(r)))
            {
                continue;
            }
            var copies = rows.Count(x => x.SameAs(r));
            if (copies > 1)
            {
                violations.Add(new Violation(ViolationKind.ExactDuplicate, key, $"{copies} identical rows effective {Fmt(r.EffectiveDate)}"));
            }
            distinct.Add(r);
        }

        var current = distinct.Count(r => r.IsCurrent);
        if (current > 1)
        {
            violations.Add(new Violation(ViolationKind.MultipleCurrent, key, $"{current} current rows"));
        }

        foreach (var r in distinct)
        {
            CheckRow(key, r, options, violations);
        }

        var byStart = distinct.GroupBy(r => r.EffectiveDate).OrderBy(g => g.Key).ToList();
        foreach (var same in byStart.Where(g => g.Count() > 1))
        {
            var kind = same.Any(r => r.IsCurrent) && same.Any(r => !r.IsCurrent)
                ? ViolationKind.SameVersionDifferentCurrent
                : ViolationKind.DuplicateVersion;
            violations.Add(new Violation(kind, key, $"{same.Count()} different rows effective {Fmt(same.Key)}"));
        }
        for (var i = 0; i + 1 < byStart.Count; i++)
        {
            // With several rows at one start (already reported), the latest-ending one speaks for them.
            var a = byStart[i].OrderBy(r => r.ExpirationDate ?? DateTime.MaxValue).Last();
            var nextStart = byStart[i + 1].Key;
            var end = a.ExpirationDate ?? DateTime.MaxValue;
            if (end > nextStart)
            {
                violations.Add(new Violation(ViolationKind.OverlappingInterval, key,
                    $"version effective {Fmt(a.EffectiveDate)} runs to {(a.ExpirationDate is { } x ? Fmt(x) : "open")}, past the next one at {Fmt(nextStart)}"));
            }
            else if (end < nextStart && !options.GapsAllowed)
            {
                violations.Add(new Violation(ViolationKind.Gap, key, $"version ends {Fmt(end)}, next starts {Fmt(nextStart)}"));
            }
        }
    }

    /// <summary>The rules one row breaks on its own (a delete marker has its own shape).</summary>
    private static void CheckRow(RowKey key, VersionRow r, InvariantOptions options, List<Violation> violations)
    {
        if (r.IsDeleteMarker)
        {
            if (r.IsCurrent || r.ExpirationDate != r.EffectiveDate)
            {
                violations.Add(new Violation(ViolationKind.InvertedInterval, key, $"delete marker at {Fmt(r.EffectiveDate)} is current or not an empty interval"));
            }
            return;
        }
        if (r.ExpirationDate is { } exp && exp <= r.EffectiveDate)
        {
            violations.Add(new Violation(ViolationKind.InvertedInterval, key, $"effective {Fmt(r.EffectiveDate)} expires {Fmt(exp)}"));
        }
        if (!r.IsCurrent && r.ExpirationDate is null)
        {
            violations.Add(new Violation(ViolationKind.ExpiredWithoutExpirationDate, key, $"non-current row effective {Fmt(r.EffectiveDate)} has no expiration date"));
        }
        if (r.IsCurrent && r.ExpirationDate is { } e2)
        {
            violations.Add(new Violation(ViolationKind.CurrentWithExpirationDate, key, $"current row effective {Fmt(r.EffectiveDate)} expires {Fmt(e2)}"));
        }
        if (options.Now is { } now && r.EffectiveDate > now)
        {
            violations.Add(new Violation(ViolationKind.FutureEffectiveDate, key, $"effective {Fmt(r.EffectiveDate)} is after {Fmt(now)}"));
        }
    }

    private static string Fmt(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture);
}
