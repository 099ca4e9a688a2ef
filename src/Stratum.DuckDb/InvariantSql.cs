using Stratum.Contracts;
using static Stratum.Sql.SqlText;

namespace Stratum.DuckDb;

/// <summary>
/// The cheap invariant queries of <c>stratum check</c>, as one statement returning one row: exact
/// duplicates over all columns, then every other kind over the distinct rows, with the same
/// definitions as <see cref="Invariants.InvariantChecker"/> (one window over each key's versions).
/// </summary>
internal static class InvariantSql
{
    /// <summary>Columns of the result, in order: rows, exact duplicate rows, multiple-current keys,
    /// duplicate versions, overlaps, inverted intervals, expired without expiration, current with
    /// expiration, gaps. <c>$tenant</c> is a parameter when <paramref name="oneTenant"/>.</summary>
    public static string Build(TableContract contract, string selectList, bool oneTenant)
    {
        var scd = contract.ScdColumns;
        var keys = string.Join(", ", [Quote(scd.TenantId), .. contract.Key.Select(Quote)]);
        var (eff, exp, cur, hash) = (Quote(scd.EffectiveDate), Quote(scd.ExpirationDate), Quote(scd.IsCurrent), Quote(scd.DataHash));
        var where = oneTenant ? $" WHERE {Quote(scd.TenantId)} = $tenant" : "";
        var gaps = contract.HasDeletes ? "0" : "(SELECT count(*) FROM s WHERE next_eff IS NOT NULL AND e < next_eff)";
        return $"""
            WITH t AS (SELECT {selectList} FROM {Quote(contract.Table)}{where}),
            d AS (SELECT DISTINCT * FROM t),
            k AS (SELECT {keys}, count(*) FILTER (WHERE {cur}) AS current_rows,
                         count(*) FILTER (WHERE {hash} = '') AS markers, count(*) FILTER (WHERE {hash} <> '') AS versions
                  FROM d GROUP BY {keys}),
            v AS (SELECT {keys}, {eff} AS eff, count(*) AS n, max(coalesce({exp}, 'infinity'::TIMESTAMP)) AS e
                  FROM d WHERE {hash} <> '' GROUP BY {keys}, {eff}),
            s AS (SELECT e, lead(eff) OVER (PARTITION BY {keys} ORDER BY eff) AS next_eff FROM v)
            SELECT
              (SELECT count(*) FROM t),
              (SELECT count(*) FROM t) - (SELECT count(*) FROM d),
              (SELECT count(*) FROM k WHERE current_rows > 1),
              (SELECT count(*) FROM v WHERE n > 1),
              (SELECT count(*) FROM s WHERE next_eff IS NOT NULL AND e > next_eff) + (SELECT count(*) FROM k WHERE markers > 0 AND versions > 0),
              (SELECT count(*) FROM d WHERE ({hash} <> '' AND {exp} IS NOT NULL AND {exp} <= {eff}) OR ({hash} = '' AND ({cur} OR {exp} IS DISTINCT FROM {eff}))),
              (SELECT count(*) FROM d WHERE {hash} <> '' AND NOT {cur} AND {exp} IS NULL),
              (SELECT count(*) FROM d WHERE {hash} <> '' AND {cur} AND {exp} IS NOT NULL),
              {gaps}
            """;
    }
}
