using Stratum.Hashing;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Warehouse;

namespace Stratum.Testing;

/// <summary>
/// What every warehouse adapter must do, run against each one on the real engine. A derived
/// class supplies a fresh, isolated warehouse (its own database or schema) per call.
/// </summary>
public abstract class WarehouseContractTests
{
    protected static readonly TenantId TenantA = TenantId.Parse("acme");
    protected static readonly TenantId TenantB = TenantId.Parse("globex.eu-1");

    /// <summary>A fresh warehouse with no tables. Throw or skip (see ServerRequirement) when the engine is absent.</summary>
    protected abstract Task<IWarehouse> CreateAsync();

    private static DateTime T(int minutes, TimeSpan resolution)
    {
        var t = new DateTime(2025, 6, 21, 10, 0, 0, DateTimeKind.Utc).AddMinutes(minutes).AddTicks(1234567);
        return new DateTime(t.Ticks - (t.Ticks % resolution.Ticks), DateTimeKind.Utc);
    }

    private static (ScdPlanner Planner, RowHasher Hasher, Stratum.Contracts.TableContract Contract) Setup(int scd = 2)
    {
        var c = TestContracts.AllTypes(scdType: scd);
        return (new ScdPlanner(c), new RowHasher(c), c);
    }

    private static object?[] Row(string id, DateTime at, string? name, long? qty = 7, double? ratio = 0.5, decimal? amount = 12.3456m,
        bool? active = true, DateOnly? day = null, DateTime? seen = null, string code = "c", long countNn = 1)
        => [id, at, name, qty, ratio, amount, active, day ?? new DateOnly(2025, 6, 21), seen, code, countNn, false];

    private static IncomingRow In(RowHasher h, object?[] values, string file = "acme/canonical/all_types/f1.parquet")
        => new(RowKey.FromRow(TestContracts.AllTypes(), values), (DateTime)values[1]!, h.Hash(values), false, values, file);

    [SkippableFact]
    public async Task Ensure_table_twice_is_harmless()
    {
        await using var w = await CreateAsync();
        var (_, _, c) = Setup();
        await w.EnsureTableAsync(c, default);
        await w.EnsureTableAsync(c, default);
        var stats = await w.GetStatsAsync(c, null, default);
        Assert.Equal(0, stats.Rows);
    }

    [SkippableFact]
    public async Task Published_rows_read_back_identical_for_every_type_and_null()
    {
        await using var w = await CreateAsync();
        var (planner, h, c) = Setup();
        await w.EnsureTableAsync(c, default);
        var res = w.TimestampResolution;
        var rows = new[]
        {
            Row("a", T(0, res), "O'Brien \\ \"quoted\"\nnew line\ttab — ünïcødé 🚀", long.MinValue, double.MaxValue, -99999999999999.9999m, false, new DateOnly(1970, 1, 1), T(-500000, res), "", long.MaxValue),
            Row("b", T(1, res), null, null, null, null, null, null, null, "x", 0),
            Row("c", T(2, res), "", 0, -0.0, 0m, true, new DateOnly(2105, 12, 31), T(3, res), "ok", -1),
        };
        var plan = planner.Plan([], rows.Select(r => In(h, r)), "load-1");
        await w.PublishAsync(c, TenantA, plan, null, default);

        var keys = rows.Select(r => RowKey.FromRow(c, r)).ToList();
        var back = await w.ReadHistoryAsync(c, TenantA, keys, default);
        Assert.Equal(3, back.Count);
        foreach (var expected in plan.AllRows)
        {
            var actual = Assert.Single(back, r => r.Key.Equals(expected.Key));
            Assert.True(expected.SameAs(actual), $"row {expected.Key} read back differently:\n expected {Describe(expected)}\n actual   {Describe(actual)}");
        }
    }

    /// <summary>
    /// Issue 11: a version repeated before 1970 left a hidden event ("+-157...") that every later
    /// plan of the key failed to parse, so the stream never loaded again. Here at both ends of what
    /// the warehouse stores: 1965 where it can (else its first instant), and its last instant.
    /// </summary>
    [SkippableFact]
    public async Task Times_at_both_ends_of_the_storable_range_round_trip_and_a_repeat_there_does_not_stick_the_key()
    {
        await using var w = await CreateAsync();
        var (planner, h, c) = Setup();
        await w.EnsureTableAsync(c, default);
        var res = w.TimestampResolution;
        var range = w.TimestampRange;
        var y1965 = new DateTime(1965, 3, 1, 10, 0, 0, DateTimeKind.Utc);
        var t0 = range.Contains(y1965) ? y1965 : Ceiling(range.Min, res);
        var last = Floor(range.Max, res);
        var (d0, dLast) = (w.DateRange.Min, w.DateRange.Max);

        var first = planner.Plan([], [In(h, Row("a", t0, "v1", day: d0, seen: t0)), In(h, Row("z", last, "v1", day: dLast, seen: last))], "l1");
        await w.PublishAsync(c, TenantA, first, null, default);
        var keyA = RowKey.FromRow(c, Row("a", t0, null));

        // The same version again a day later: collapsed into the row as a hidden repeat.
        var history = await w.ReadHistoryAsync(c, TenantA, [keyA], default);
        var repeat = planner.Plan(history, [In(h, Row("a", t0.AddDays(1), "v1", day: d0, seen: t0), "acme/canonical/all_types/f2.parquet")], "l2");
        await w.PublishAsync(c, TenantA, repeat, null, default);
        history = await w.ReadHistoryAsync(c, TenantA, [keyA], default);
        Assert.Contains(HiddenEvents.Parse(Assert.Single(history).Hidden), e => !e.IsTombstone && e.Time == t0.AddDays(1));

        // A later load of the key plans over that hidden event.
        var change = planner.Plan(history, [In(h, Row("a", t0.AddDays(2), "v2", day: d0, seen: t0), "acme/canonical/all_types/f3.parquet")], "l3");
        await w.PublishAsync(c, TenantA, change, null, default);

        var all = await w.ReadAllAsync(c, TenantA, default);
        var a = all.Where(r => r.Key.Equals(keyA)).OrderBy(r => r.EffectiveDate).ToList();
        Assert.Equal(2, a.Count);
        Assert.Equal(t0, a[0].EffectiveDate);
        Assert.Equal(t0.AddDays(2), a[0].ExpirationDate);
        Assert.Equal(d0, a[0].Values[7]);
        Assert.Equal(t0, a[0].Values[8]);
        Assert.True(a[1].IsCurrent);
        var z = Assert.Single(all, r => r.Key.Text == "z");
        Assert.True(first.AllRows.Single(r => r.Key.Text == "z").SameAs(z), $"z read back as {Describe(z)}");
        Assert.Equal(dLast, z.Values[7]);
        Assert.Equal(last, z.Values[8]);
    }

    private static DateTime Floor(DateTime t, TimeSpan resolution) => new(t.Ticks - (t.Ticks % resolution.Ticks), DateTimeKind.Utc);

    private static DateTime Ceiling(DateTime t, TimeSpan resolution)
        => t.Ticks % resolution.Ticks == 0 ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : new(t.Ticks - (t.Ticks % resolution.Ticks) + resolution.Ticks, DateTimeKind.Utc);

    [SkippableFact]
    public async Task Publish_replaces_the_history_of_changed_keys_only()
    {
        await using var w = await CreateAsync();
        var (planner, h, c) = Setup();
        await w.EnsureTableAsync(c, default);
        var res = w.TimestampResolution;
        var first = planner.Plan([], [In(h, Row("a", T(0, res), "v1")), In(h, Row("b", T(0, res), "v1"))], "l1");
        await w.PublishAsync(c, TenantA, first, null, default);

        var keyA = RowKey.FromRow(c, Row("a", T(0, res), null));
        var history = await w.ReadHistoryAsync(c, TenantA, [keyA], default);
        var second = planner.Plan(history, [In(h, Row("a", T(5, res), "v2"))], "l2");
        await w.PublishAsync(c, TenantA, second, null, default);

        var all = await w.ReadAllAsync(c, TenantA, default);
        Assert.Equal(3, all.Count);
        var a = all.Where(r => r.Key.Equals(keyA)).OrderBy(r => r.EffectiveDate).ToList();
        Assert.Equal(2, a.Count);
        Assert.False(a[0].IsCurrent);
        Assert.Equal(T(5, res), a[0].ExpirationDate);
        Assert.True(a[1].IsCurrent);
        Assert.Equal("l2", a[1].LoadId);
        var stats = await w.GetStatsAsync(c, TenantA, default);
        Assert.Equal(new TableStats(3, 2, 2, T(5, res)), stats);
    }

    [SkippableFact]
    public async Task Tenants_are_isolated()
    {
        await using var w = await CreateAsync();
        var (planner, h, c) = Setup();
        await w.EnsureTableAsync(c, default);
        var res = w.TimestampResolution;
        await w.PublishAsync(c, TenantA, planner.Plan([], [In(h, Row("same-id", T(0, res), "acme"))], "l1"), null, default);
        await w.PublishAsync(c, TenantB, planner.Plan([], [In(h, Row("same-id", T(0, res), "globex"))], "l2"), null, default);
        var a = await w.ReadAllAsync(c, TenantA, default);
        var b = await w.ReadAllAsync(c, TenantB, default);
        Assert.Equal("acme", Assert.Single(a).Values[2]);
        Assert.Equal("globex", Assert.Single(b).Values[2]);
        Assert.Equal(2, (await w.GetStatsAsync(c, null, default)).Rows);
    }

    [SkippableFact]
    public async Task History_of_thousands_of_keys_reads_only_those_keys()
    {
        await using var w = await CreateAsync();
        var (planner, h, c) = Setup();
        await w.EnsureTableAsync(c, default);
        var res = w.TimestampResolution;
        var incoming = Enumerable.Range(0, 6000).Select(i => In(h, Row($"k{i:D5}", T(i % 50, res), $"n{i}"))).ToList();
        await w.PublishAsync(c, TenantA, planner.Plan([], incoming, "l1"), null, default);
        var wanted = incoming.Where((_, i) => i % 2 == 0).Select(r => r.Key).ToList();
        var back = await w.ReadHistoryAsync(c, TenantA, wanted, default);
        Assert.Equal(3000, back.Count);
        Assert.Equal(wanted.Select(k => k.Text).Order(StringComparer.Ordinal), back.Select(r => r.Key.Text).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Delete_markers_and_hidden_events_round_trip()
    {
        await using var w = await CreateAsync();
        var (planner, h, c) = Setup();
        await w.EnsureTableAsync(c, default);
        var res = w.TimestampResolution;
        var tomb = Row("gone", T(3, res), null);
        tomb[11] = true;
        var incoming = new[]
        {
            new IncomingRow(RowKey.FromRow(c, tomb), T(3, res), "", true, tomb, "f"),
            In(h, Row("twice", T(0, res), "same")),
            In(h, Row("twice", T(9, res), "same")),
        };
        var plan = planner.Plan([], incoming, "l1");
        await w.PublishAsync(c, TenantA, plan, null, default);
        var back = await w.ReadAllAsync(c, TenantA, default);
        Assert.Equal(2, back.Count);
        foreach (var expected in plan.AllRows)
        {
            Assert.True(expected.SameAs(back.Single(r => r.Key.Equals(expected.Key))), $"row {expected.Key} differs");
        }
        Assert.Contains(back, r => r.IsDeleteMarker);
        Assert.Contains(back, r => r.Hidden.Length > 0);
    }

    [SkippableFact]
    public async Task Type1_table_round_trips()
    {
        await using var w = await CreateAsync();
        var (planner, h, c) = Setup(scd: 1);
        await w.EnsureTableAsync(c, default);
        var res = w.TimestampResolution;
        var plan = planner.Plan([], [In(h, Row("a", T(0, res), "x")), In(h, Row("a", T(4, res), "y"))], "l1");
        await w.PublishAsync(c, TenantA, plan, null, default);
        var row = Assert.Single(await w.ReadAllAsync(c, TenantA, default));
        Assert.Equal("y", row.Values[2]);
        Assert.True(row.IsCurrent);
    }

    [SkippableFact]
    public async Task Existing_table_with_other_columns_is_reported_as_drift()
    {
        await using var w = await CreateAsync();
        var (_, _, c) = Setup();
        await w.EnsureTableAsync(c, default);
        var changed = TestContracts.AllTypes(); // same name, one more column
        var widened = Stratum.Contracts.TableContract.Create(changed.Table,
            [.. changed.Columns, new Stratum.Contracts.ColumnSpec(Identifier.Parse("extra_col"), Stratum.Contracts.ColumnType.String, true)],
            changed.Key, changed.EventTimeColumn, 2, tombstone: changed.Tombstone);
        var e = await Assert.ThrowsAsync<SchemaDriftException>(() => w.EnsureTableAsync(widened, default));
        Assert.Contains("extra_col", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Count_problems_is_zero_on_a_planned_table_and_on_a_missing_one()
    {
        await using var w = await CreateAsync();
        var (planner, h, c) = Setup();
        Assert.Equal(InvariantCounts.None, await w.CountProblemsAsync(c, null, default));
        await w.EnsureTableAsync(c, default);
        var res = w.TimestampResolution;
        var plan = planner.Plan([], [In(h, Row("a", T(0, res), "x")), In(h, Row("a", T(4, res), "y")), In(h, Row("b", T(1, res), "z"))], "l1");
        await w.PublishAsync(c, TenantA, plan, null, default);
        Assert.Equal(new InvariantCounts { Rows = 3 }, await w.CountProblemsAsync(c, TenantA, default));
        Assert.Equal(new InvariantCounts(), await w.CountProblemsAsync(c, TenantB, default));
    }

    [SkippableFact]
    public async Task Count_problems_counts_each_kind_of_damage()
    {
        await using var w = await CreateAsync();
        var (planner, h, c) = Setup();
        await w.EnsureTableAsync(c, default);
        var res = w.TimestampResolution;
        VersionRow V(string id, int eff, int? exp, bool current, string hash = "h1")
        {
            var values = Row(id, T(eff, res), "n");
            return new VersionRow
            {
                Key = RowKey.FromRow(c, values), Values = values, EffectiveDate = T(eff, res),
                ExpirationDate = exp is { } x ? T(x, res) : null, IsCurrent = current, Hash = hash, SourceFile = "f", LoadId = "l",
            };
        }
        var damaged = new[]
        {
            V("dup", 0, null, true), V("dup", 0, null, true), V("dup", 0, null, true), // 2 extra copies
            V("cur2", 0, null, true), V("cur2", 5, null, true, "h2"),                 // 2 current rows, and the first overlaps the second
            V("inv", 3, 1, false),                                                    // expires before it starts
            V("noexp", 0, null, false),                                               // expired without an expiration date
            V("curexp", 0, 2, true),                                                  // current with an expiration date
            V("samever", 0, null, true), V("samever", 0, 4, false),                   // one version both current and not
            V("gap", 0, 1, false), V("gap", 2, null, true, "h2"),                     // a gap: allowed, the contract has deletes
        };
        var keys = damaged.GroupBy(r => r.Key).Select(g => new KeyPlan(g.Key, [.. g], true)).ToList();
        await w.PublishAsync(c, TenantA, new LoadPlan(keys, new PlanCounts(), []), null, default);
        await w.PublishAsync(c, TenantB, planner.Plan([], [In(h, Row("clean", T(0, res), "x"))], "l2"), null, default);

        var expected = new InvariantCounts
        {
            Rows = 12, ExactDuplicateRows = 2, MultipleCurrentKeys = 1, DuplicateVersions = 1, OverlappingIntervals = 1,
            InvertedIntervals = 1, ExpiredWithoutExpirationDate = 1, CurrentWithExpirationDate = 1, Gaps = 0,
        };
        Assert.Equal(expected, await w.CountProblemsAsync(c, TenantA, default));
        Assert.Equal(6, expected.Violations);
        Assert.Equal(expected with { Rows = 13 }, await w.CountProblemsAsync(c, null, default));
        Assert.Equal(new InvariantCounts { Rows = 1 }, await w.CountProblemsAsync(c, TenantB, default));
    }

    /// <summary>
    /// Two loaders that both wrote one version (or one load replayed) leave copies that differ only
    /// in lineage, the source file and load id: exact duplicates, and nothing else.
    /// </summary>
    [SkippableFact]
    public async Task Count_problems_counts_copies_from_two_loaders_as_exact_duplicates()
    {
        await using var w = await CreateAsync();
        var (_, h, c) = Setup();
        await w.EnsureTableAsync(c, default);
        var res = w.TimestampResolution;
        var values = Row("copied", T(0, res), "n");
        VersionRow Copy(string file, string load) => new()
        {
            Key = RowKey.FromRow(c, values), Values = values, EffectiveDate = T(0, res), IsCurrent = true, Hash = h.Hash(values), SourceFile = file, LoadId = load,
        };
        var copies = new[] { Copy("acme/canonical/all_types/f1.parquet", "load-1"), Copy("acme/canonical/all_types/f2.parquet", "load-2"), Copy("acme/canonical/all_types/f1.parquet", "load-3") };
        await w.PublishAsync(c, TenantA, new LoadPlan([new KeyPlan(copies[0].Key, copies, true)], new PlanCounts(), []), null, default);

        Assert.Equal(new InvariantCounts { Rows = 3, ExactDuplicateRows = 2 }, await w.CountProblemsAsync(c, TenantA, default));
    }

    [SkippableFact]
    public async Task Count_problems_counts_gaps_when_the_table_has_no_deletes()
    {
        await using var w = await CreateAsync();
        var full = TestContracts.AllTypes("no_deletes");
        var c = Stratum.Contracts.TableContract.Create(full.Table, [.. full.Columns], full.Key, full.EventTimeColumn, 2);
        await w.EnsureTableAsync(c, default);
        var res = w.TimestampResolution;
        VersionRow V(int eff, int? exp, bool current)
        {
            var values = Row("k", T(eff, res), "n");
            return new VersionRow { Key = RowKey.FromRow(c, values), Values = values, EffectiveDate = T(eff, res), ExpirationDate = exp is { } x ? T(x, res) : null, IsCurrent = current, Hash = $"h{eff}" };
        }
        var rows = new[] { V(0, 1, false), V(2, null, true) };
        await w.PublishAsync(c, TenantA, new LoadPlan([new KeyPlan(rows[0].Key, rows, true)], new PlanCounts(), []), null, default);
        Assert.Equal(new InvariantCounts { Rows = 2, Gaps = 1 }, await w.CountProblemsAsync(c, TenantA, default));
    }

    [SkippableFact]
    public async Task Ping_answers()
    {
        await using var w = await CreateAsync();
        await w.PingAsync(default);
    }

    private static string Describe(VersionRow r)
        => $"{r.Key}|{r.EffectiveDate:O}|{r.ExpirationDate:O}|{r.IsCurrent}|{r.Hash}|{r.RecordVersion}|{r.SourceFile}|{r.LoadId}|{r.Hidden}|"
           + string.Join(",", r.Values.Select(v => v is null ? "∅" : $"{v}:{v.GetType().Name}"));
}
