using Stratum.Contracts;
using Stratum.Names;
using Stratum.Sql;
using Stratum.Warehouse;

namespace Stratum.ClickHouse.Warehouse;

public sealed partial class ClickHouseWarehouse
{
    /// <summary>
    /// The invariant counts of <c>stratum check</c> in portable SQL (18.16 has no window functions):
    /// exact duplicates over all columns, every other kind over the distinct rows; consecutive
    /// versions are compared inside per-key sorted arrays. One statement, one row.
    /// </summary>
    public async Task<InvariantCounts> CountProblemsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var layout = await LayoutAsync(contract, cancellationToken);
        if (await DescribeTableAsync(contract.Table, cancellationToken) is null)
        {
            return InvariantCounts.None;
        }
        var scd = contract.ScdColumns;
        var keys = string.Join(", ", [SqlText.Quote(scd.TenantId), .. layout.KeyColumns.Select(k => SqlText.Quote(k.Name))]);
        var (eff, exp, cur, hash) = (SqlText.Quote(scd.EffectiveDate), SqlText.Quote(scd.ExpirationDate), SqlText.Quote(scd.IsCurrent), SqlText.Quote(scd.DataHash));
        var where = tenant is { } t ? $" WHERE {SqlText.Quote(scd.TenantId)} = {ClickHouseSqlText.ClickHouseString(t.Value)}" : "";
        var table = $"{Qualified(contract.Table)}{where}";
        var d = $"(SELECT DISTINCT {SqlText.Quote(scd.TenantId)}, {layout.ReadColumnList} FROM {table})";
        // Per key: the versions' starts with the latest end at each start (open = no expiration), sorted.
        var spans = $"""
            (SELECT arraySort(groupArray(tuple({eff}, open, e))) AS s FROM
              (SELECT {keys}, {eff}, countIf(isNull({exp})) > 0 AS open, max(assumeNotNull({exp})) AS e
               FROM {d} WHERE {hash} != '' GROUP BY {keys}, {eff}) GROUP BY {keys})
            """;
        var next = "tupleElement(s[i + 1], 1)";
        var gaps = contract.HasDeletes ? "toUInt64(0)"
            : $"(SELECT sum(arrayCount(i -> i < length(s) AND tupleElement(s[i], 2) = 0 AND tupleElement(s[i], 3) < {next}, arrayEnumerate(s))) FROM {spans})";
        var sql = $"""
            SELECT
              (SELECT count() FROM {table}),
              (SELECT count() FROM {table}) - (SELECT count() FROM {d}),
              (SELECT count() FROM (SELECT {keys} FROM {d} WHERE {cur} = 1 GROUP BY {keys} HAVING count() > 1)),
              (SELECT count() FROM (SELECT {keys}, {eff} FROM {d} WHERE {hash} != '' GROUP BY {keys}, {eff} HAVING count() > 1)),
              (SELECT sum(arrayCount(i -> i < length(s) AND (tupleElement(s[i], 2) = 1 OR tupleElement(s[i], 3) > {next}), arrayEnumerate(s))) FROM {spans})
                + (SELECT count() FROM (SELECT {keys} FROM {d} GROUP BY {keys} HAVING countIf({hash} = '') > 0 AND countIf({hash} != '') > 0)),
              (SELECT count() FROM {d} WHERE ({hash} != '' AND isNotNull({exp}) AND assumeNotNull({exp}) <= {eff})
                                          OR ({hash} = '' AND ({cur} = 1 OR isNull({exp}) OR assumeNotNull({exp}) != {eff}))),
              (SELECT count() FROM {d} WHERE {hash} != '' AND {cur} = 0 AND isNull({exp})),
              (SELECT count() FROM {d} WHERE {hash} != '' AND {cur} = 1 AND isNotNull({exp})),
              {gaps}
            """;
        var row = (await _client.QueryTsvAsync(sql, null, cancellationToken)).Rows.Single();
        long N(int i) => long.Parse(row[i] ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        return new InvariantCounts
        {
            Rows = N(0),
            ExactDuplicateRows = N(1),
            MultipleCurrentKeys = N(2),
            DuplicateVersions = N(3),
            OverlappingIntervals = N(4),
            InvertedIntervals = N(5),
            ExpiredWithoutExpirationDate = N(6),
            CurrentWithExpirationDate = N(7),
            Gaps = N(8),
        };
    }

    /// <summary>The server answers <c>SELECT 1</c>.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
        => await _client.QueryTsvAsync("SELECT 1", null, cancellationToken);
}
