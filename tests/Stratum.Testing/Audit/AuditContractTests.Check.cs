using Stratum.Audit;
using Stratum.Invariants;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Warehouse;
using static Stratum.Testing.Audit.AuditTestKit;

namespace Stratum.Testing.Audit;

public abstract partial class AuditContractTests
{
    /// <summary>
    /// `stratum check` counts problems with the warehouse port's own cheap query
    /// (<see cref="IWarehouse.CountProblemsAsync"/>); the audit must find exactly the same on the same
    /// damaged Stratum table (it only splits "duplicate versions" into same-version-different-current and the rest).
    /// </summary>
    [SkippableFact]
    public async Task The_audit_agrees_with_the_warehouses_problem_count_on_a_damaged_stratum_table()
    {
        await using var t = await CreateAsync();
        var contract = TestContracts.AllTypes("damaged");
        await t.Warehouse.EnsureTableAsync(contract, default);
        var t0 = new DateTime(2025, 6, 21, 10, 0, 0, DateTimeKind.Utc);
        VersionRow V(string id, int eff, int? exp, bool current, string hash = "h1")
        {
            object?[] values = [id, t0.AddHours(eff), "n", 1L, 0.5, 1.5m, true, new DateOnly(2025, 6, 21), null, "c", 1L, hash.Length == 0];
            return new VersionRow
            {
                Key = RowKey.FromRow(contract, values), Values = values, EffectiveDate = t0.AddHours(eff), ExpirationDate = exp is { } x ? t0.AddHours(x) : null,
                IsCurrent = current, Hash = hash, SourceFile = "f", LoadId = "l",
            };
        }
        VersionRow[] damaged =
        [
            V("dup", 0, null, true), V("dup", 0, null, true), V("dup", 0, null, true),
            V("cur2", 0, null, true), V("cur2", 5, null, true, "h2"),
            V("inv", 3, 1, false), V("noexp", 0, null, false), V("curexp", 0, 2, true),
            V("samever", 0, null, true), V("samever", 0, 4, false),
            V("twover", 0, 1, false), V("twover", 0, 1, false, "h2"), V("twover", 1, null, true, "h3"),
            V("mark", 0, 0, false, ""), V("mark", 1, null, true),
            V("gap", 0, 1, false), V("gap", 2, null, true, "h2"),
        ];
        var tenant = TenantId.Parse("acme");
        var keys = damaged.GroupBy(r => r.Key).Select(g => new KeyPlan(g.Key, [.. g], true)).ToList();
        await t.Warehouse.PublishAsync(contract, tenant, new LoadPlan(keys, new PlanCounts(), []), null, default);

        var check = await t.Warehouse.CountProblemsAsync(contract, tenant, default);
        var audit = await AuditAsync(t, AuditedTable.FromContract(contract), tenant);
        long Count(ViolationKind kind) => Finding(audit, kind)?.Count ?? 0;
        Assert.Equal(check.Rows, audit.TotalRows);
        Assert.Equal(check.ExactDuplicateRows, audit.ExactDuplicates.DuplicateRows);
        Assert.Equal(check.MultipleCurrentKeys, Count(ViolationKind.MultipleCurrent));
        Assert.Equal(check.DuplicateVersions, Count(ViolationKind.SameVersionDifferentCurrent) + Count(ViolationKind.DuplicateVersion));
        Assert.Equal(check.OverlappingIntervals, Count(ViolationKind.OverlappingInterval));
        Assert.Equal(check.InvertedIntervals, Count(ViolationKind.InvertedInterval));
        Assert.Equal(check.ExpiredWithoutExpirationDate, Count(ViolationKind.ExpiredWithoutExpirationDate));
        Assert.Equal(check.CurrentWithExpirationDate, Count(ViolationKind.CurrentWithExpirationDate));
        Assert.Equal(check.Gaps, Count(ViolationKind.Gap));
        Assert.Equal(2, Count(ViolationKind.OverlappingInterval)); // cur2's open first version, and the marker beside mark's version
        Assert.Equal(1, Count(ViolationKind.DuplicateVersion));
    }
}
