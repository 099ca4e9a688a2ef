using Stratum.Contracts;
using Stratum.Hashing;
using Stratum.Names;
using Stratum.Planning;

namespace Stratum.Core.Tests.Planning;

/// <summary>A small contract (id, ts, v, note, deleted) and helpers to build rows and apply batches to a whole table.</summary>
public sealed class PlannerFixture
{
    public static readonly DateTime T0 = new(2025, 6, 21, 10, 0, 0, DateTimeKind.Utc);

    /// <param name="compositeKey">key (id, sub), two string columns, instead of id alone</param>
    public PlannerFixture(int scdType = 2, bool tombstone = true, bool compositeKey = false)
    {
        Contract = TableContract.Create(
            Identifier.Parse("items"),
            [
                new ColumnSpec(Identifier.Parse("id"), ColumnType.String, false),
                .. compositeKey ? [new ColumnSpec(Identifier.Parse("sub"), ColumnType.String, false)] : Array.Empty<ColumnSpec>(),
                new ColumnSpec(Identifier.Parse("ts"), ColumnType.Timestamp, false),
                new ColumnSpec(Identifier.Parse("v"), ColumnType.String, true),
                new ColumnSpec(Identifier.Parse("deleted"), ColumnType.Bool, true),
            ],
            compositeKey ? [Identifier.Parse("id"), Identifier.Parse("sub")] : [Identifier.Parse("id")],
            Identifier.Parse("ts"),
            scdType,
            tombstone: tombstone ? Identifier.Parse("deleted") : null);
        Hasher = new RowHasher(Contract);
        Planner = new ScdPlanner(Contract);
    }

    public TableContract Contract { get; }
    public RowHasher Hasher { get; }
    public ScdPlanner Planner { get; }

    public static DateTime At(int minute) => T0.AddMinutes(minute);

    public IncomingRow Version(string id, int minute, string? v, string file = "f1")
    {
        object?[] values = [id, At(minute), v, false];
        return new IncomingRow(RowKey.Of(id), At(minute), Hasher.Hash(values), false, values, file);
    }

    public IncomingRow Delete(string id, int minute, string file = "f1")
    {
        object?[] values = [id, At(minute), null, true];
        return new IncomingRow(RowKey.Of(id), At(minute), "", true, values, file);
    }

    /// <summary>A version of a key given by its values (one per key column).</summary>
    public IncomingRow Version(string[] key, int minute, string? v, string file = "f1")
    {
        object?[] values = [.. key, At(minute), v, false];
        return new IncomingRow(RowKey.FromRow(Contract, values), At(minute), Hasher.Hash(values), false, values, file);
    }

    public IncomingRow Delete(string[] key, int minute, string file = "f1")
    {
        object?[] values = [.. key, At(minute), null, true];
        return new IncomingRow(RowKey.FromRow(Contract, values), At(minute), "", true, values, file);
    }

    public string HashOf(string? v) => Hasher.Hash(["x", T0, v, false]);

    /// <summary>Applies a batch to a whole table (all keys), as the loader does: read affected keys, plan, replace them.</summary>
    public (List<VersionRow> Table, LoadPlan Plan) Apply(IReadOnlyCollection<VersionRow> table, IReadOnlyCollection<IncomingRow> batch, string loadId = "load")
    {
        var plan = Planner.Plan(table, batch, loadId);
        var affected = plan.Keys.Select(k => k.Key).ToHashSet();
        var result = table.Where(r => !affected.Contains(r.Key)).Concat(plan.AllRows).ToList();
        return (result, plan);
    }

    /// <summary>Business content plus hidden events, lineage left out: what convergence promises.</summary>
    public static string Canonical(IEnumerable<VersionRow> rows)
        => string.Join("\n", rows
            .OrderBy(r => r.Key)
            .ThenBy(r => r.EffectiveDate)
            .Select(r => $"{r.Key}|{r.EffectiveDate:O}|{r.ExpirationDate:O}|{r.IsCurrent}|{r.Hash}|{r.RecordVersion}|{r.Hidden}|{string.Join(",", r.Values.Select(v => v?.ToString() ?? "∅"))}"));
}
