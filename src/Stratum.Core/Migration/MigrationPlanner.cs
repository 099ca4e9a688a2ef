using Stratum.Contracts;
using Stratum.Hashing;
using Stratum.Invariants;
using Stratum.Planning;

namespace Stratum.Migration;

/// <summary>
/// Brings the stored history of one tenant to a new contract (pure): each stored row is carried
/// over by column name (a column the new contract adds is null), its hash is recomputed with the
/// new contract's <see cref="RowHasher"/>, and every key is rebuilt from its own events by
/// <see cref="ScdPlanner.Rebuild"/> — so consecutive versions that are equal under the new tracked
/// set collapse exactly as a load would have collapsed them, and an SCD2 → SCD1 change keeps the
/// latest event. The result is checked with the <see cref="InvariantChecker"/> under the new
/// contract. Versions already collapsed under the old tracked set cannot be split: the values of a
/// newly tracked column between them were never stored; the next change of it starts a version.
/// </summary>
public static class MigrationPlanner
{
    public static TenantMigration Plan(TableContract stored, TableContract now, string tenant, IReadOnlyList<VersionRow> rows, string loadId)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(rows);
        var hasher = new RowHasher(now);
        var map = now.Columns.Select(c => stored.Ordinal(c.Name.Value)).ToArray();
        var problems = new List<string>();
        var carried = new List<VersionRow>(rows.Count);
        foreach (var r in rows)
        {
            var values = new object?[map.Length];
            for (var i = 0; i < map.Length; i++)
            {
                values[i] = map[i] >= 0 ? r.Values[map[i]] : null;
            }
            if (!r.IsDeleteMarker)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    if (values[i] is null && !now.Columns[i].Nullable)
                    {
                        problems.Add($"key {r.Key}: column {now.Columns[i].Name} is null in the row effective {r.EffectiveDate:O}, but the new contract declares it non-null");
                    }
                }
            }
            carried.Add(r with { Values = values, Hash = r.IsDeleteMarker ? VersionRow.DeleteMarkerHash : hasher.Hash(values) });
        }
        if (problems.Count > 0)
        {
            return new TenantMigration(tenant, rows.Select(r => r.Key).Distinct().LongCount(), rows.Count, rows.Count, 0, 0, problems.Take(20).ToList());
        }
        var rebuilt = new ScdPlanner(now).Rebuild(carried, loadId);
        // Changed compares with the rows as stored: a recomputed hash is a change even where the rebuild kept the row.
        var storedHash = carried.Select((r, i) => r with { Hash = rows[i].Hash }).GroupBy(r => r.Key)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.EffectiveDate).ToList());
        var plan = rebuilt with
        {
            Keys = [.. rebuilt.Keys.Select(k => k with { Changed = k.Rows.Count != storedHash[k.Key].Count || k.Rows.Where((r, i) => !r.SameAs(storedHash[k.Key][i])).Any() })],
        };
        var options = new InvariantOptions(GapsAllowed: now.HasDeletes);
        var violations = new List<Violation>();
        foreach (var key in plan.Keys)
        {
            InvariantChecker.CheckKey(key.Key, key.Rows, options, violations);
        }
        problems.AddRange(violations.Take(20).Select(v => $"the history under the new contract would break an invariant: {v}"
            + (!now.HasDeletes && stored.HasDeletes ? " (the stored history has deletes, which the new contract cannot express: keep its tombstone or snapshot)" : "")));
        var before = rows.Count(r => !r.IsDeleteMarker);
        var after = plan.AllRows.Count(r => !r.IsDeleteMarker);
        return new TenantMigration(tenant, plan.Keys.Count, rows.Count, plan.AllRows.Count(), Math.Max(0, before - after), plan.ChangedKeys.Count(), problems) { Plan = plan };
    }
}
