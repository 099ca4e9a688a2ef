using System.Globalization;
using Stratum.Contracts;
using Stratum.Invariants;
using Stratum.Names;
using Stratum.Warehouse;

namespace Stratum.Audit.Sql;

/// <summary>
/// The read side of the audit port, shared by both warehouses: builds <see cref="AuditQueries"/>
/// with the adapter's dialect, runs them through <see cref="QueryAsync"/> (answers as invariant
/// text) and turns the answers into figures. Adapters add describing; the rewrites, the cleanup log
/// and restore are <see cref="Cleanup.Sql.SqlTableRewriter"/>'s.
/// </summary>
public abstract class SqlTableAuditor : ITableAuditor
{
    public abstract string Describe { get; }

    protected abstract AuditDialect Dialect { get; }

    /// <summary>Runs a query; every value comes back as invariant text (NULL as null, booleans as 0/1).</summary>
    protected abstract Task<IReadOnlyList<string?[]>> QueryAsync(string sql, CancellationToken cancellationToken);

    public abstract Task<TableSchema?> DescribeTableAsync(Identifier table, CancellationToken cancellationToken);

    public async Task<IReadOnlyList<string>> TenantsAsync(Identifier table, Identifier tenantColumn, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT DISTINCT {Dialect.Quote(tenantColumn)} FROM {Dialect.Table(table)}", cancellationToken);
        return [.. rows.Select(r => r[0] ?? "").Order(StringComparer.Ordinal)];
    }

    /// <summary>A readable name for each partition id (ClickHouse: the partition's value); the id itself by default.</summary>
    public virtual Task<IReadOnlyDictionary<string, string>> PartitionLabelsAsync(Identifier table, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    /// <summary>Scratch tables for one measure, and the query that sees them.</summary>
    protected interface IScratchTables
    {
        /// <summary>A new scratch table holding the result of <paramref name="select"/>; its name as SQL.</summary>
        Task<string> CreateAsync(string select, CancellationToken cancellationToken);

        /// <summary>Runs a query where the scratch tables are visible (answers as for <see cref="QueryAsync"/>).</summary>
        Task<IReadOnlyList<string?[]>> QueryAsync(string sql, CancellationToken cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> with scratch tables the adapter names (unique, validated),
    /// creates and always drops at the end (ClickHouse: real tables its staging sweep also finds;
    /// DuckDB: temporary tables on one connection).
    /// </summary>
    protected abstract Task<T> WithScratchTablesAsync<T>(Func<IScratchTables, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// One pass over the wide table, the narrow rows (<see cref="AuditQueries.NarrowRows"/>), kept
    /// in a scratch table; every figure is then read from it or from smaller results kept the same
    /// way: the versions (keys, versions and the incident's measure), the distinct SCD rows, and per
    /// key the count of each kind (which both the counts and the sample keys read). The table was
    /// scanned once per figure before (eight times, each re-reading and re-hashing every column);
    /// the answers are the same.
    /// </summary>
    public Task<AuditFigures> MeasureAsync(AuditScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return WithScratchTablesAsync(s => MeasureAsync(new AuditQueries(Dialect, scope), scope, s, cancellationToken), cancellationToken);
    }

    private async Task<AuditFigures> MeasureAsync(AuditQueries q, AuditScope scope, IScratchTables s, CancellationToken cancellationToken)
    {
        var narrow = await s.CreateAsync(q.NarrowRows(), cancellationToken);
        var versionRows = await s.CreateAsync(q.Versions(narrow), cancellationToken);
        var totals = (await s.QueryAsync(q.KeysAndVersions(versionRows), cancellationToken))[0];
        var groups = (await s.QueryAsync(q.Groups(narrow), cancellationToken))
            .Select(r => new DuplicateGroupStat(r[0] ?? "", Bool(r[1]), L(r[2]), L(r[3]), L(r[4]) / 1_000_000, L(r[5]), L(r[6]), L(r[7]))).ToList();
        var lineage = new List<LineageBreakdown>();
        // Lineage columns are write metadata, not in the narrow rows: these read the table (only when asked for and there are duplicates).
        foreach (var column in groups.Any(g => g.Size > 1) ? scope.Table.Lineage : [])
        {
            var values = (await s.QueryAsync(q.LineageTop(column), cancellationToken)).Select(r => new LineageValue(r[0] ?? "", L(r[1]), L(r[2]))).ToList();
            var distinct = L((await s.QueryAsync(q.LineageCount(column), cancellationToken))[0][0]);
            lineage.Add(new LineageBreakdown(column, distinct, values));
        }
        var samples = !groups.Any(g => g.Size > 1) ? [] : (await s.QueryAsync(q.DuplicateSamples(narrow), cancellationToken))
            .Select(r => new DuplicateSample(r[0] ?? "", Key(r[1]), Time(r[2]), Bool(r[3]), L(r[4]), L(r[5]) / 1_000_000)).ToList();
        var versions = (await s.QueryAsync(q.VersionGroups(versionRows), cancellationToken)).Select(r => new VersionGroupStat(r[0] ?? "", L(r[1]), L(r[2]))).ToList();

        var scdRows = await s.CreateAsync(q.ScdRows(narrow), cancellationToken);
        var counts = new List<KindCount>();
        var sampleKeys = new List<(ViolationKind Kind, string Tenant, string Key, long Count)>();
        foreach (var metricsOf in q.ActiveMetrics.GroupBy(m => m.Query))
        {
            var metrics = metricsOf.ToList();
            var perKey = await s.CreateAsync(q.PerKey(metricsOf.Key, AuditQueries.RowsOf(scdRows)), cancellationToken);
            foreach (var r in await s.QueryAsync(q.CountsPerTenant([.. metrics.Select(m => m.Metric)], perKey), cancellationToken))
            {
                for (var i = 0; i < metrics.Count; i++)
                {
                    if (L(r[1 + (2 * i)]) > 0)
                    {
                        counts.Add(new KindCount(metrics[i].Kind, r[0] ?? "", L(r[1 + (2 * i)]), L(r[2 + (2 * i)])));
                    }
                }
            }
            var found = metrics.Where(m => counts.Any(c => c.Kind == m.Kind)).ToList();
            if (found.Count > 0)
            {
                sampleKeys.AddRange((await s.QueryAsync(q.SampleKeys([.. found.Select(m => m.Metric)], perKey), cancellationToken))
                    .Select(r => (found[(int)L(r[0])].Kind, r[1] ?? "", r[2] ?? "", L(r[3]))));
            }
        }
        return new AuditFigures(L(totals[0]), L(totals[1]), groups, lineage, samples, versions, counts, await SamplesAsync(q, scdRows, s, sampleKeys, cancellationToken));
    }

    /// <summary>
    /// The counts of <c>stratum check</c> on a Stratum table (<see cref="IWarehouse.CountProblemsAsync"/>),
    /// from the audit's own definitions: the rows and identity groups, then each kind's per-key count
    /// (<see cref="AuditQueries.PerKey"/> over the distinct rows) summed over the table, one statement
    /// per query. Effective dates in the future are the audit's finding only (they need a clock), so
    /// they are not counted here. A table that does not exist has none.
    /// </summary>
    public async Task<InvariantCounts> CountProblemsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var table = AuditedTable.FromContract(contract);
        if (await DescribeTableAsync(table.Table, cancellationToken) is not { } schema)
        {
            return InvariantCounts.None;
        }
        var q = new AuditQueries(Dialect, new AuditScope(new AuditColumns(table, schema), tenant, DateTime.UnixEpoch));
        var totals = (await QueryAsync(q.RowsAndIdentityGroups(), cancellationToken))[0];
        var found = new List<(ViolationKind Kind, long Count)>();
        foreach (var metricsOf in q.ActiveMetrics.Where(m => m.Kind != ViolationKind.FutureEffectiveDate).GroupBy(m => m.Query))
        {
            var metrics = metricsOf.ToList();
            var sums = (await QueryAsync(AuditQueries.Totals([.. metrics.Select(m => m.Metric)], q.PerKey(metricsOf.Key, q.DistinctRows())), cancellationToken))[0];
            found.AddRange(metrics.Select((m, i) => (m.Kind, L(sums[i]))));
        }
        return InvariantCounts.Of(L(totals[0]), L(totals[0]) - L(totals[1]), found);
    }

    private static async Task<IReadOnlyList<FindingSample>> SamplesAsync(AuditQueries q, string scdRows, IScratchTables s,
        List<(ViolationKind Kind, string Tenant, string Key, long Count)> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
        {
            return [];
        }
        var rows = await s.QueryAsync(q.HistoriesOf([.. keys.Select(k => (k.Tenant, k.Key)).Distinct()], scdRows), ct);
        var history = rows.GroupBy(r => (r[0] ?? "", r[1] ?? "")).ToDictionary(g => g.Key, g => g.Select(HistoryLine).ToList());
        return [.. keys.Select(k => new FindingSample(k.Kind, k.Tenant, Key(k.Key), k.Count, history.GetValueOrDefault((k.Tenant, k.Key)) ?? []))];
    }

    private static string HistoryLine(string?[] r)
    {
        var marker = L(r[6]) == 1 ? " (delete marker)" : "";
        return $"version {Show(Time(r[2]))}: [{Show(Time(r[3]))}, {(r[4] is null ? "open" : Show(Time(r[4])))}) current={(Bool(r[5]) ? "true" : "false")}{marker}";
    }

    public async Task<IReadOnlyList<PartitionChange>> PreviewDuplicatesAsync(AuditScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var labels = await PartitionLabelsAsync(scope.Table.Table, cancellationToken);
        var rows = await QueryAsync(new AuditQueries(Dialect, scope).DuplicatePartitions(), cancellationToken);
        return [.. rows.Select(r => new PartitionChange(r[0] ?? "", labels.GetValueOrDefault(r[0] ?? "") ?? r[0] ?? "", L(r[1]), L(r[2]), 0)).OrderBy(p => p.Label, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<HistoryRow>> ReadBrokenHistoriesAsync(AuditScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var rows = await QueryAsync(new AuditQueries(Dialect, scope).BrokenHistories(), cancellationToken);
        return [.. rows.Select(r => new HistoryRow(r[0] ?? "", r[1] ?? "", r[2] ?? "", Time(r[3]) ?? default, Time(r[4]) ?? default, Time(r[5]),
            Bool(r[6]), U(r[7]), U(r[8]), L(r[10]), L(r[9]) == 1))];
    }

    public async Task<TableChecksum> ChecksumAsync(Identifier table, CancellationToken cancellationToken)
    {
        var schema = await DescribeTableAsync(table, cancellationToken) ?? throw new StratumException($"table {table} does not exist in {Describe}");
        var r = (await QueryAsync($"SELECT count(*), sum({Dialect.RowHash(schema.Columns)}) FROM {Dialect.Table(table)}", cancellationToken))[0];
        return new TableChecksum(L(r[0]), r[1] ?? "0");
    }

    protected static long L(string? text) => text is null ? 0 : long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    protected static ulong U(string? text) => text is null ? 0 : ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    protected static bool Bool(string? text) => text is "1" or "true" or "True";

    /// <summary>Microseconds since the epoch as a UTC time.</summary>
    protected static DateTime? Time(string? micros) => micros is null ? null : DateTime.UnixEpoch.AddTicks(L(micros) * 10);

    private static string Key(string? text) => Stratum.Planning.CompositeKey.Display(text ?? "");

    private static string Show(DateTime? t) => t?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
}
