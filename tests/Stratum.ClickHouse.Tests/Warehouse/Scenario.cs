using Stratum.Contracts;
using Stratum.Hashing;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Testing;

namespace Stratum.ClickHouse.Tests.Warehouse;

/// <summary>Rows of the all-types contract and plans for them, for the warehouse tests.</summary>
internal sealed class Scenario(TimeSpan resolution)
{
    public static readonly TenantId Acme = TenantId.Parse("acme");

    public TableContract Contract { get; } = TestContracts.AllTypes();

    public ScdPlanner Planner => new(Contract);

    private RowHasher Hasher => new(Contract);

    public DateTime T(int minutes)
    {
        var t = new DateTime(2025, 6, 21, 10, 0, 0, DateTimeKind.Utc).AddMinutes(minutes);
        return new DateTime(t.Ticks - (t.Ticks % resolution.Ticks), DateTimeKind.Utc);
    }

    public object?[] Row(string id, int minute, string name)
        => [id, T(minute), name, 7L, 0.5, 1.25m, true, new DateOnly(2025, 6, 21), null, "c", 1L, false];

    public IncomingRow In(object?[] values) => new(RowKey.FromRow(Contract, values), (DateTime)values[1]!, Hasher.Hash(values), false, values, "acme/canonical/all_types/f.parquet");

    /// <summary>Versions of keys k00000… at a minute, all named <paramref name="name"/>.</summary>
    public IEnumerable<IncomingRow> Keys(int from, int count, int minute, string name)
        => Enumerable.Range(from, count).Select(i => In(Row($"k{i:D5}", minute, name)));

    public LoadPlan Plan(IEnumerable<VersionRow> history, IEnumerable<IncomingRow> incoming, string loadId = "l")
        => Planner.Plan(history, incoming, loadId);
}
