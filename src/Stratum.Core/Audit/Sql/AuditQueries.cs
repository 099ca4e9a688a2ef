using System.Globalization;
using Stratum.Invariants;

namespace Stratum.Audit.Sql;

/// <summary>
/// The audit's SQL, written once for both warehouses (the dialect supplies the differences). Every
/// count is a GROUP BY over the whole table (or tenant): no LIMIT on counts, no window functions
/// (ClickHouse 18.16 has none), so the warehouse does the work and nothing is capped. Only samples
/// and breakdown lists are limited. The measure reads the wide table once (<see cref="NarrowRows"/>)
/// and every other figure of it from those narrow rows; the cleanups' queries read the table.
/// Aliases start with <c>sa_</c> (reserved: see <see cref="AuditColumns"/>).
/// </summary>
public sealed class AuditQueries(AuditDialect dialect, AuditScope scope)
{
    private readonly AuditDialect _d = dialect;
    private AuditColumns C => scope.Columns;
    private AuditedTable T => scope.Table;

    /// <summary>The kinds each per-key query measures, and the column holding the count per key.</summary>
    public static readonly IReadOnlyList<(string Query, ViolationKind Kind, string Metric)> Metrics =
    [
        ("keys", ViolationKind.InvertedInterval, "sa_inv"),
        ("keys", ViolationKind.ExpiredWithoutExpirationDate, "sa_exp"),
        ("keys", ViolationKind.CurrentWithExpirationDate, "sa_cur"),
        ("keys", ViolationKind.FutureEffectiveDate, "sa_fut"),
        ("keys", ViolationKind.MultipleCurrent, "sa_mc"),
        ("keys", ViolationKind.OverlappingInterval, "sa_mb"),
        ("keys", ViolationKind.SameVersionDifferentCurrent, "sa_svdc"),
        ("keys", ViolationKind.DuplicateVersion, "sa_dv"),
        ("intervals", ViolationKind.OverlappingInterval, "sa_o"),
        ("intervals", ViolationKind.Gap, "sa_g"),
    ];

    /// <summary>The kinds counted for this table (gaps only where the stream has no deletes).</summary>
    public IEnumerable<(string Query, ViolationKind Kind, string Metric)> ActiveMetrics
        => Metrics.Where(m => m.Kind != ViolationKind.Gap || !T.GapsAllowed);

    private string Q(Stratum.Names.Identifier c) => _d.Quote(c);

    public string From => _d.Table(T.Table) + (scope.Tenant is { } t ? $" WHERE {Q(T.Tenant)} = {_d.String(t.Value)}" : "");

    private string FromWhere(string condition) => From + (scope.Tenant is null ? " WHERE " : " AND ") + condition;

    public string Identity => string.Join(", ", C.Identity.Select(c => Q(c.Name)));

    public string TenantText => _d.Text(T.Tenant);

    /// <summary>
    /// The key as one text: a single column's text; a composite key encoded as
    /// <see cref="Stratum.Planning.CompositeKey"/> encodes it (each part's UTF-8 byte length, ':'
    /// and the part; NULL as '-'), so parts holding any character never collide.
    /// </summary>
    public string KeyText => T.Key.Length == 1
        ? $"coalesce({_d.Text(T.Key[0])}, '')"
        : _d.Concat([.. T.Key.Select(k => $"coalesce({_d.Concat([_d.ByteLengthText(_d.Text(k)), "':'", _d.Text(k)])}, {_d.String(Stratum.Planning.CompositeKey.NullPart.ToString())})")]);

    private string Micros(Stratum.Names.Identifier c) => _d.Micros(Q(c), C.Column(c));

    private string Span => T.LoadedAt is { } la
        ? $"({_d.Micros($"max({Q(la)})", C.Column(la))} - {_d.Micros($"min({Q(la)})", C.Column(la))})"
        : "0";

    private string Marker => T.DeleteMarkerHash is { } h && C.Schema.Find(h) is not null ? $"CASE WHEN {Q(h)} = '' THEN 1 ELSE 0 END" : "0";

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The narrow rows: one per identity group (exact duplicates collapsed), with tenant, key,
    /// version, effective, expiration and is_current as they are, the content hash (sa_h), the
    /// delete marker (sa_m), the copies (sa_n) and how far apart they were written (sa_span, µs).
    /// This is the one pass over the wide table (every identity column read and grouped, as the
    /// hand-written GROUP BY does); the audit keeps its result in a scratch table and answers every
    /// other figure from it. Exact: each figure below is a function of identity columns, and the
    /// narrow rows hold exactly the distinct identity groups, so grouping them again gives what a
    /// pass over the table gave.
    /// </summary>
    public string NarrowRows()
        => $"SELECT {string.Join(", ", NarrowColumns.Select(Q))}, {_d.RowHash(C.Content)} AS sa_h, {Marker} AS sa_m, count(*) AS sa_n, {Span} AS sa_span "
           + $"FROM {From} GROUP BY {Identity}";

    /// <summary>The columns the narrow rows keep as the table has them (each once: the version may be the effective date).</summary>
    private IEnumerable<Stratum.Names.Identifier> NarrowColumns
        => new[] { T.Tenant }.Concat(T.Key).Concat(T.Version is { } v ? [v] : []).Concat([T.EffectiveDate, T.ExpirationDate, T.IsCurrent]).Distinct();

    /// <summary>sa_t, sa_c, sa_n, sa_groups, sa_max, sa_1s, sa_60s, sa_1h: identity groups by tenant, is_current and size,
    /// over the <paramref name="narrow"/> rows (<see cref="NarrowRows"/>).</summary>
    public string Groups(string narrow)
        => $"SELECT sa_t, sa_c, sa_n, count(*) AS sa_groups, max(sa_span) AS sa_max, {_d.CountIf("sa_span <= 1000000")} AS sa_1s, "
           + $"{_d.CountIf("sa_span <= 60000000")} AS sa_60s, {_d.CountIf("sa_span <= 3600000000")} AS sa_1h FROM ("
           + $"SELECT {TenantText} AS sa_t, {_d.Flag(T.IsCurrent)} AS sa_c, sa_n, sa_span FROM {narrow}"
           + ") GROUP BY sa_t, sa_c, sa_n ORDER BY sa_t, sa_c, sa_n";

    /// <summary>The versions: per tenant, key and version as the table has them, the rows (sa_vn), from the narrow rows' copies.</summary>
    public string Versions(string narrow)
    {
        var version = string.Join(", ", new[] { T.Tenant }.Concat(T.Key).Append(T.VersionColumn).Select(Q));
        return $"SELECT {version}, sum(sa_n) AS sa_vn FROM {narrow} GROUP BY {version}";
    }

    /// <summary>Distinct keys (tenant + key) and distinct versions (tenant + key + version): one row, two counts,
    /// over the kept <see cref="Versions"/> (which keep these columns as the table has them, so the counts are the table's).</summary>
    public string KeysAndVersions(string versions)
        => $"SELECT (SELECT count(*) FROM (SELECT DISTINCT {string.Join(", ", new[] { T.Tenant }.Concat(T.Key).Select(Q))} FROM {versions})), (SELECT count(*) FROM {versions})";

    /// <summary>Two counts, one row: the rows, and the identity groups (rows that are exact duplicates of each other count once).</summary>
    public string RowsAndIdentityGroups()
        => $"SELECT (SELECT count(*) FROM {From}), (SELECT count(*) FROM (SELECT {Identity} FROM {From} GROUP BY {Identity}))";

    /// <summary>One row: the sum over every key of each of the <paramref name="metrics"/> of the per-key counts <paramref name="perKey"/> (<see cref="PerKey"/>).</summary>
    public static string Totals(IReadOnlyList<string> metrics, string perKey)
        => $"SELECT {string.Join(", ", metrics.Select(m => $"sum({m})"))} FROM ({perKey})";

    /// <summary>sa_t, sa_groups, sa_rows: the incident's measure, rows sharing tenant, key and version, over the kept <see cref="Versions"/>.</summary>
    public string VersionGroups(string versions)
        => $"SELECT sa_t, count(*) AS sa_groups, sum(sa_vn) AS sa_rows FROM (SELECT {TenantText} AS sa_t, sa_vn FROM {versions} WHERE sa_vn > 1) GROUP BY sa_t ORDER BY sa_t";

    /// <summary>sa_t, sa_kt, sa_v, sa_c, sa_n, sa_span: the largest duplicate groups.</summary>
    public string DuplicateSamples(string narrow)
        => $"SELECT {TenantText} AS sa_t, {KeyText} AS sa_kt, {Micros(T.VersionColumn)} AS sa_v, {_d.Flag(T.IsCurrent)} AS sa_c, sa_n, sa_span "
           + $"FROM {narrow} WHERE sa_n > 1 ORDER BY sa_n DESC, sa_t, sa_kt, sa_v LIMIT {N(scope.Samples)}";

    public string LineageTop(Stratum.Names.Identifier column)
        => $"SELECT sa_val, sa_rows, sa_groups FROM ({_d.LineageValues(From, Identity, column)}) ORDER BY sa_rows DESC, sa_val LIMIT {N(scope.Top)}";

    public string LineageCount(Stratum.Names.Identifier column) => $"SELECT count(*) FROM ({_d.LineageValues(From, Identity, column)})";

    /// <summary>The distinct rows the SCD checks run over (exact duplicates collapsed), times in microseconds,
    /// read from the table (the repair's broken keys).</summary>
    public string DistinctRows() => DistinctRowsOf(From, _d.RowHash(C.Content), Marker);

    /// <summary>The same distinct rows from the <paramref name="narrow"/> rows, whose content hash and marker are computed
    /// already; the measure keeps them in a scratch table too (every SCD check and history reads them).</summary>
    public string ScdRows(string narrow) => DistinctRowsOf(narrow, "sa_h", "sa_m");

    /// <summary>The SCD rows kept in <paramref name="scdRows"/>, as the input of <see cref="PerKey"/>.</summary>
    public static string RowsOf(string scdRows) => $"SELECT sa_t, sa_kt, sa_v, sa_e, sa_x, sa_c, sa_h, sa_m FROM {scdRows}";

    private string DistinctRowsOf(string from, string hash, string marker)
        => $"SELECT DISTINCT {TenantText} AS sa_t, {KeyText} AS sa_kt, {Micros(T.VersionColumn)} AS sa_v, {Micros(T.EffectiveDate)} AS sa_e, "
           + $"{Micros(T.ExpirationDate)} AS sa_x, {_d.Flag(T.IsCurrent)} AS sa_c, {As(hash, "sa_h")}, {As(marker, "sa_m")} FROM {from}";

    /// <summary>An expression named; a column that already has the name is left as it is (ClickHouse reads "x AS x" as a cycle).</summary>
    private static string As(string expression, string name) => expression == name ? name : $"{expression} AS {name}";

    /// <summary>
    /// One row per key with the count of each violation kind the named query measures. "keys" needs
    /// one pass: per (key, version) first (rows, current rows, markers, whether the version is both
    /// current and not), then per key. "intervals" compares consecutive starts per key.
    /// <paramref name="rows"/> is the distinct rows (<see cref="DistinctRows"/>, or <see cref="RowsOf"/> the kept <see cref="ScdRows"/>).
    /// </summary>
    public string PerKey(string query, string rows) => query switch
    {
        "keys" => "SELECT sa_t, sa_kt, sum(sa_i1) AS sa_inv, sum(sa_i2) AS sa_exp, sum(sa_i3) AS sa_cur, sum(sa_i4) AS sa_fut, "
                  + "CASE WHEN sum(sa_cc) > 1 THEN 1 ELSE 0 END AS sa_mc, "
                  // a delete marker beside versions of its key (the invariant checker counts it as an overlap)
                  + "CASE WHEN sum(sa_nm) > 0 AND sum(sa_nm) < sum(sa_nn) THEN 1 ELSE 0 END AS sa_mb, "
                  + "sum(CASE WHEN sa_vn > 1 AND sa_mx = 1 THEN 1 ELSE 0 END) AS sa_svdc, sum(CASE WHEN sa_vn > 1 AND sa_mx = 0 THEN 1 ELSE 0 END) AS sa_dv FROM ("
                  + "SELECT sa_t, sa_kt, sa_v, "
                  + "sum(CASE WHEN (sa_m = 0 AND sa_x IS NOT NULL AND sa_x <= sa_e) OR (sa_m = 1 AND (sa_c = 1 OR sa_x IS NULL OR sa_x <> sa_e)) THEN 1 ELSE 0 END) AS sa_i1, "
                  + "sum(CASE WHEN sa_m = 0 AND sa_c = 0 AND sa_x IS NULL THEN 1 ELSE 0 END) AS sa_i2, "
                  + "sum(CASE WHEN sa_m = 0 AND sa_c = 1 AND sa_x IS NOT NULL THEN 1 ELSE 0 END) AS sa_i3, "
                  + $"sum(CASE WHEN sa_e > {_d.Int64(Micros(scope.Now))} THEN 1 ELSE 0 END) AS sa_i4, "
                  + "sum(CASE WHEN sa_m = 0 THEN sa_c ELSE 0 END) AS sa_cc, sum(sa_m) AS sa_nm, count(*) AS sa_nn, "
                  + "sum(CASE WHEN sa_m = 0 THEN 1 ELSE 0 END) AS sa_vn, "
                  + "CASE WHEN max(CASE WHEN sa_m = 0 THEN sa_c ELSE 0 END) = 1 AND min(CASE WHEN sa_m = 0 THEN sa_c ELSE 1 END) = 0 THEN 1 ELSE 0 END AS sa_mx "
                  + $"FROM ({rows}) GROUP BY sa_t, sa_kt, sa_v) GROUP BY sa_t, sa_kt",
        "intervals" => _d.IntervalMetrics(
            $"SELECT sa_t, sa_kt, sa_e, max(coalesce(sa_x, {_d.Int64(long.MaxValue)})) AS sa_end FROM ({rows}) WHERE sa_m = 0 GROUP BY sa_t, sa_kt, sa_e"),
        _ => throw new ArgumentOutOfRangeException(nameof(query), query, null),
    };

    /// <summary>Per tenant, for each of the metrics: the sum (sa_c_i) and the keys with any (sa_k_i), over the per-key
    /// counts kept in <paramref name="perKey"/> (<see cref="PerKey"/>).</summary>
    public string CountsPerTenant(IReadOnlyList<string> metrics, string perKey)
        => $"SELECT sa_t, {string.Join(", ", metrics.Select((m, i) => $"sum({m}) AS sa_c{i}, {_d.CountIf($"{m} > 0")} AS sa_k{i}"))} "
           + $"FROM {perKey} GROUP BY sa_t ORDER BY sa_t";

    /// <summary>
    /// For each metric i, the first <c>--samples</c> keys (by sa_t, sa_kt) where it is above 0: columns sa_i,
    /// sa_t, sa_kt, sa_v (its value), ordered by sa_i, sa_t, sa_kt. One query over the kept per-key
    /// counts, a top-n per metric (a partial sort each, cheaper than unrolling every key into one
    /// row per metric and sorting them all).
    /// </summary>
    public string SampleKeys(IReadOnlyList<string> metrics, string perKey)
        => "SELECT sa_i, sa_t, sa_kt, sa_v FROM ("
           + string.Join(" UNION ALL ", metrics.Select((m, i) => $"SELECT * FROM (SELECT {N(i)} AS sa_i, sa_t, sa_kt, {_d.ToInt64(m)} AS sa_v FROM {perKey} "
               + $"WHERE {m} > 0 ORDER BY sa_t, sa_kt LIMIT {N(scope.Samples)})"))
           + ") ORDER BY sa_i, sa_t, sa_kt";

    /// <summary>The kept SCD rows (<see cref="ScdRows"/>) of the given keys (literals escaped by the dialect), oldest first.</summary>
    public string HistoriesOf(IReadOnlyCollection<(string Tenant, string Key)> keys, string scdRows)
        => $"SELECT sa_t, sa_kt, sa_v, sa_e, sa_x, sa_c, sa_m FROM {scdRows} "
           + $"WHERE {string.Join(" OR ", keys.Select(k => $"(sa_t = {_d.String(k.Tenant)} AND sa_kt = {_d.String(k.Key)})"))} "
           + "ORDER BY sa_t, sa_kt, sa_e, sa_v, sa_c";

    /// <summary>sa_t, sa_kt of every key with a violation the SCD repair rebuilds (all kinds but future dates).</summary>
    public string BrokenKeys()
    {
        var parts = ActiveMetrics.Where(m => m.Kind != ViolationKind.FutureEffectiveDate).GroupBy(m => m.Query)
            .Select(g => $"SELECT sa_t, sa_kt FROM ({PerKey(g.Key, DistinctRows())}) WHERE {string.Join(" OR ", g.Select(m => $"{m.Metric} > 0"))}");
        return $"SELECT DISTINCT sa_t, sa_kt FROM ({string.Join(" UNION ALL ", parts)})";
    }

    /// <summary>Every row of the broken keys, identical copies grouped (sa_n), with content and row hashes.</summary>
    public string BrokenHistories()
        => $"SELECT {TenantText} AS sa_t, {KeyText} AS sa_kt, {_d.PartitionOf(T)} AS sa_p, {Micros(T.VersionColumn)} AS sa_v, {Micros(T.EffectiveDate)} AS sa_e, "
           + $"{Micros(T.ExpirationDate)} AS sa_x, {_d.Flag(T.IsCurrent)} AS sa_c, {_d.RowHash(C.Content)} AS sa_h, {_d.RowHash(C.All)} AS sa_r, {Marker} AS sa_m, count(*) AS sa_n "
           + $"FROM {FromWhere($"({TenantText}, {KeyText}) IN ({BrokenKeys()})")} GROUP BY sa_t, sa_kt, sa_p, sa_v, sa_e, sa_x, sa_c, sa_h, sa_r, sa_m";

    /// <summary>sa_p, sa_rows, sa_extra: per partition, rows and the extra copies a duplicate cleanup removes.</summary>
    public string DuplicatePartitions()
        => $"SELECT sa_p, sum(sa_n) AS sa_rows, sum(sa_n - 1) AS sa_extra FROM (SELECT {_d.PartitionOf(T)} AS sa_p, count(*) AS sa_n FROM {From} GROUP BY sa_p, {Identity}) "
           + "GROUP BY sa_p HAVING sum(sa_n - 1) > 0 ORDER BY sa_p";

    /// <summary>
    /// The table's columns for a rebuilt row: every column from the source row except the SCD
    /// bookkeeping, which comes from the decision (sa_ne, sa_nx, sa_nc, sa_nv). Prefixes qualify the
    /// names (empty: unqualified, as ClickHouse 18.16's joins want).
    /// </summary>
    public IReadOnlyList<string> RebuiltColumns(string row, string decision)
    {
        string R(string name) => row.Length == 0 ? name : $"{row}.{name}";
        string D(string name) => decision.Length == 0 ? name : $"{decision}.{name}";
        return [.. C.All.Select(c =>
            c.Name == T.EffectiveDate ? _d.FromMicros(D("sa_ne"), c)
            : c.Name == T.ExpirationDate ? _d.FromMicros(D("sa_nx"), c)
            : c.Name == T.IsCurrent ? _d.FlagValue(D("sa_nc"), c)
            : c.Name == T.RecordVersion ? D("sa_nv")
            : R(Q(c.Name)))];
    }

    /// <summary>Every column, quoted, in table order.</summary>
    public string AllColumns => string.Join(", ", C.All.Select(c => Q(c.Name)));

    private static long Micros(DateTime t) => (t.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
