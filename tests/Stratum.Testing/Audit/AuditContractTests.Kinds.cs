using Stratum.Warehouse;
using Stratum.Audit;
using Stratum.Simulation.Legacy;
using Stratum.Cleanup;
using Stratum.Invariants;
using Stratum.Names;
using Stratum.Planning;
using static Stratum.Testing.Audit.AuditTestKit;

namespace Stratum.Testing.Audit;

public abstract partial class AuditContractTests
{
    private static readonly Dictionary<ViolationKind, (long Count, long Keys)> ViolationFixtureFindings = new()
    {
        [ViolationKind.OverlappingInterval] = (2, 2),
        [ViolationKind.MultipleCurrent] = (1, 1),
        [ViolationKind.Gap] = (2, 2),
        [ViolationKind.InvertedInterval] = (1, 1),
        [ViolationKind.ExpiredWithoutExpirationDate] = (1, 1),
        [ViolationKind.CurrentWithExpirationDate] = (1, 1),
        [ViolationKind.FutureEffectiveDate] = (1, 1),
        [ViolationKind.SameVersionDifferentCurrent] = (1, 1),
        [ViolationKind.DuplicateVersion] = (1, 1),
    };

    [SkippableFact]
    public async Task Every_violation_kind_is_counted_exactly_and_as_the_invariant_checker_counts_it()
    {
        await using var t = await CreateAsync();
        await BuildAsync(t, ViolationFixture.Rows());
        var r = await AuditAsync(t, Legacy());

        Assert.Equal(ViolationFixtureFindings.OrderBy(k => k.Key), r.Violations.Select(v => KeyValuePair.Create(v.Kind, (v.Count, v.Keys))).OrderBy(k => k.Key));
        var checker = InvariantChecker.Check(ViolationFixture.Rows().Select(AsVersionRow), new InvariantOptions(Now: Now))
            .GroupBy(v => v.Kind).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(checker.OrderBy(k => k.Key), r.Violations.Select(v => KeyValuePair.Create(v.Kind, v.Count)).OrderBy(k => k.Key));
        Assert.All(r.Violations, v => Assert.NotEmpty(v.Samples));
        // Fewer keys than the sample size: every key of each kind is a sample, once (one pass serves every kind).
        Assert.All(r.Violations, v => Assert.Equal(v.Keys, v.Samples.Select(x => x.Key).Distinct().Count()));
        Assert.All(r.Violations, v => Assert.Equal(v.Keys, v.Samples.Count));
        Assert.Equal(0, r.ExactDuplicates.DuplicateRows);
    }

    [SkippableFact]
    public async Task Scd_repair_rebuilds_every_broken_key_leaves_future_dates_and_restores_exactly()
    {
        await using var t = await CreateAsync();
        await BuildAsync(t, ViolationFixture.Rows());
        var table = Legacy();
        var original = await t.Auditor.ChecksumAsync(table.Table, default);
        Assert.False((await CleanAsync(t, CleanupKind.Duplicates, table)).Executed);

        var result = await CleanAsync(t, CleanupKind.Scd, table);
        Assert.True(result.Executed);
        Assert.Equal(8, result.Preview.Groups); // every entry but the correct one and the future one
        Assert.Contains(result.Preview.Notes, n => n.Contains("different content", StringComparison.Ordinal));
        Assert.Contains(result.Preview.Notes, n => n.Contains("current again", StringComparison.Ordinal));
        var left = Assert.Single(result.After!.Violations);
        Assert.Equal(ViolationKind.FutureEffectiveDate, left.Kind);
        Assert.Equal(10, result.After.CurrentRows);
        Assert.Equal(10, result.After.Keys);
        Assert.Equal(result.Before.Versions, result.After.Versions); // every version is still there (entry 10's losing content is in the backup)
        Assert.Equal(16, result.After.TotalRows);

        var restored = await new Cleaner(t.Auditor, TimeProvider.System).RestoreAsync(result.CleanupId!, default);
        Assert.True(restored.IdenticalToBeforeCleanup);
        Assert.Equal(original, await t.Auditor.ChecksumAsync(table.Table, default));
    }

    [SkippableFact]
    public async Task Load_time_and_lineage_tell_concurrent_loaders_from_later_reloads_and_the_first_written_copy_is_kept()
    {
        await using var t = await CreateAsync();
        var insertedAt = Identifier.Parse("inserted_at");
        var batch = Identifier.Parse("batch_id");
        var spec = TimeEntries.Spec(null, new LegacyColumn(insertedAt, LegacyType.DateTime), new LegacyColumn(batch, LegacyType.String));
        var at = new DateTime(2025, 6, 21, 9, 0, 0, DateTimeKind.Utc);
        IEnumerable<object?[]> Copies(string tenant, int copies, Func<int, DateTime> when, string prefix)
            => Enumerable.Range(1, 10).SelectMany(n => Enumerable.Range(0, copies).Select(c =>
                TimeEntries.Values(new TimeEntryRow(tenant, n, at, at, null, true), when(c), $"{prefix}-{c}")));
        await t.Writer.CreateAsync(spec, true, default);
        await t.Writer.InsertAsync(spec, [.. Copies("concurrent", 5, c => at.AddSeconds(c), "lambda"), .. Copies("reloaded", 3, c => at.AddDays(c), "run")], default);
        var table = Legacy(null, insertedAt, batch);

        var all = await AuditAsync(t, table);
        Assert.Equal(80, all.TotalRows);
        Assert.Equal(60, all.ExactDuplicates.DuplicateRows);
        Assert.Equal(new WriteSpan("inserted_at", 20, 2 * 86_400, 0, 10, 10), all.ExactDuplicates.Span);
        var lineage = Assert.Single(all.ExactDuplicates.ByLineage);
        Assert.Equal(8, lineage.DistinctValues);
        Assert.Contains(all.ExactDuplicates.Diagnosis, l => l.Contains("loaded again later", StringComparison.Ordinal));
        var concurrent = await AuditAsync(t, table, TenantId.Parse("concurrent"));
        Assert.Contains(concurrent.ExactDuplicates.Diagnosis, l => l.Contains("within 4 seconds", StringComparison.Ordinal) && l.Contains("concurrent loaders", StringComparison.Ordinal));

        var cleaned = await CleanAsync(t, CleanupKind.Duplicates, table);
        Assert.Equal(20, cleaned.After!.TotalRows);
        // The copies kept are the first written: the same table built from those alone has the same checksum.
        var expected = spec with { Table = Identifier.Parse("expected_rows") };
        await t.Writer.CreateAsync(expected, true, default);
        await t.Writer.InsertAsync(expected, [.. Copies("concurrent", 1, c => at.AddSeconds(c), "lambda"), .. Copies("reloaded", 1, c => at.AddDays(c), "run")], default);
        Assert.Equal(await t.Auditor.ChecksumAsync(expected.Table, default), await t.Auditor.ChecksumAsync(spec.Table, default));
    }

    [SkippableFact]
    public async Task A_table_Stratum_loaded_audits_clean_with_its_contract_delete_markers_and_gaps_included()
    {
        await using var t = await CreateAsync();
        var contract = TestContracts.AllTypes("loaded_by_stratum");
        await t.Warehouse.EnsureTableAsync(contract, default);
        var hasher = new Stratum.Hashing.RowHasher(contract);
        var t0 = new DateTime(2025, 6, 21, 10, 0, 0, DateTimeKind.Utc);
        IncomingRow Row(string id, int hours, string name, bool delete = false)
        {
            object?[] v = [id, t0.AddHours(hours), name, 1L, 0.5, 1.5m, true, new DateOnly(2025, 6, 21), null, "c", 1L, delete];
            return new IncomingRow(RowKey.FromRow(contract, v), t0.AddHours(hours), delete ? "" : hasher.Hash(v), delete, v, "f.csv");
        }
        var plan = new ScdPlanner(contract).Plan([],
            [Row("a", 0, "one"), Row("a", 1, "two"), Row("a", 2, "", delete: true), Row("a", 3, "three"), Row("b", 1, "", delete: true), Row("c", 0, "only")], "load-1");
        var tenant = TenantId.Parse("acme");
        await t.Warehouse.PublishAsync(contract, tenant, plan, null, default);

        var report = await AuditAsync(t, AuditedTable.FromContract(contract));
        Assert.True(report.Clean, string.Join("; ", report.Violations.Select(v => $"{v.Kind} {v.Count}")));
        Assert.Equal(plan.AllRows.Count(), report.TotalRows);
        Assert.True(report.Columns.HasContract);
        Assert.Equal(["stratum_source_file", "stratum_load_id"], report.Columns.IdentityExcludes);
    }

    /// <summary>Keys whose parts hold the separator, or '|', or look like an encoded length.</summary>
    private static readonly string[][] CollidingKeys =
    [
        ["a|b", "c"], ["a", "b|c"],
        ["a\u001fb", "c"], ["a", "b\u001fc"],
        ["1:x", ""], ["", "1:x"],
    ];

    [SkippableFact]
    public async Task Composite_keys_whose_parts_hold_the_separator_stay_distinct_through_load_read_and_audit()
    {
        await using var t = await CreateAsync();
        var contract = TestContracts.CompositeKey();
        await t.Warehouse.EnsureTableAsync(contract, default);
        var hasher = new Stratum.Hashing.RowHasher(contract);
        var t0 = new DateTime(2025, 6, 21, 10, 0, 0, DateTimeKind.Utc);
        IncomingRow Row(string[] key, int hours, string name)
        {
            object?[] v = [key[0], key[1], t0.AddHours(hours), name];
            return new IncomingRow(RowKey.FromRow(contract, v), t0.AddHours(hours), hasher.Hash(v), false, v, "f.csv");
        }
        // Each key two versions: one current row per key, unless keys were merged.
        var plan = new ScdPlanner(contract).Plan([], [.. CollidingKeys.SelectMany((k, i) => new[] { Row(k, i, $"first {i}"), Row(k, i + 10, $"second {i}") })], "load-1");
        Assert.Equal(CollidingKeys.Length, plan.Keys.Count);
        var tenant = TenantId.Parse("acme");
        await t.Warehouse.PublishAsync(contract, tenant, plan, null, default);

        var keys = plan.Keys.Select(k => k.Key).ToList();
        var back = await t.Warehouse.ReadHistoryAsync(contract, tenant, keys, default);
        Assert.Equal(2 * CollidingKeys.Length, back.Count);
        Assert.All(back.GroupBy(r => r.Key), g => Assert.Equal(1, g.Count(r => r.IsCurrent)));
        Assert.Equal(CollidingKeys.Length, back.Select(r => r.Key).Distinct().Count());
        var one = await t.Warehouse.ReadHistoryAsync(contract, tenant, [keys[0]], default);
        Assert.Equal(2, one.Count);
        Assert.All(one, r => Assert.Equal(keys[0], r.Key));

        var report = await AuditAsync(t, AuditedTable.FromContract(contract));
        Assert.True(report.Clean, string.Join("; ", report.Violations.Select(v => $"{v.Kind} {v.Count}")));
        Assert.Equal(2 * CollidingKeys.Length, report.TotalRows);
    }

    private static VersionRow AsVersionRow(TimeEntryRow r) => new()
    {
        Key = RowKey.Of(r.Entry.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Values = [r.Entry, r.Variant],
        EffectiveDate = r.Effective,
        ExpirationDate = r.Expiration,
        IsCurrent = r.IsCurrent,
        Hash = $"h{r.Entry}-{r.Variant}",
    };
}
