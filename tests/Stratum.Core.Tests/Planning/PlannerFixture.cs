using Stratum.Contracts;
using Stratum.Hashing;
using Stratum.Names;
using Stratum.Planning;

namespace Stratum.Core.Tests.Planning;

/// <summary>A small contract (id, ts, v, note, deleted) and helpers to build rows and apply batches to a whole table.</summary>
public sealed class PlannerFixture
{
    public static readonly DateTime T0 = new(2025, 6, 21, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Twelve instants in order across the whole range a timestamp can hold: the first and last
    /// microsecond, the edges of 1970, of 32-bit seconds (2038, 2106) and of 64-bit nanoseconds
    /// (1677, 2262). Microseconds, because the reader truncates every event time to the
    /// warehouse's resolution, microseconds at the finest (hidden events are kept in microseconds).
    /// </summary>
    public static readonly DateTime[] Wide =
    [
        DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
        new(1677, 9, 21, 0, 12, 43, 145, 224, DateTimeKind.Utc),
        new(1899, 12, 31, 23, 59, 59, DateTimeKind.Utc),
        new(1969, 12, 31, 23, 59, 59, 999, 999, DateTimeKind.Utc),
        new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        new(1970, 1, 1, 0, 0, 0, 0, 1, DateTimeKind.Utc),
        new(2000, 2, 29, 12, 0, 0, DateTimeKind.Utc),
        new(2038, 1, 19, 3, 14, 8, DateTimeKind.Utc),
        new(2106, 2, 7, 6, 28, 16, DateTimeKind.Utc),
        new(2149, 6, 6, 0, 0, 0, DateTimeKind.Utc),
        new(2262, 4, 11, 23, 47, 16, 854, 775, DateTimeKind.Utc),
        new(9999, 12, 31, 23, 59, 59, 999, 999, DateTimeKind.Utc),
    ];

    private readonly Func<int, DateTime> _time = At;

    /// <param name="compositeKey">key (id, sub), two string columns, instead of id alone</param>
    /// <param name="wideTimes">minute n is <see cref="Wide"/>[n] (0..11) instead of <see cref="T0"/> + n minutes</param>
    public PlannerFixture(int scdType = 2, bool tombstone = true, bool compositeKey = false, bool wideTimes = false)
    {
        if (wideTimes)
        {
            _time = m => Wide[m];
        }
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

    /// <summary>The instant of "minute" n in this fixture's time scale.</summary>
    public DateTime Time(int minute) => _time(minute);

    public IncomingRow Version(string id, int minute, string? v, string file = "f1")
    {
        object?[] values = [id, Time(minute), v, false];
        return new IncomingRow(RowKey.Of(id), Time(minute), Hasher.Hash(values), false, values, file);
    }

    public IncomingRow Delete(string id, int minute, string file = "f1")
    {
        object?[] values = [id, Time(minute), null, true];
        return new IncomingRow(RowKey.Of(id), Time(minute), "", true, values, file);
    }

    /// <summary>A version of a key given by its values (one per key column).</summary>
    public IncomingRow Version(string[] key, int minute, string? v, string file = "f1")
    {
        object?[] values = [.. key, Time(minute), v, false];
        return new IncomingRow(RowKey.FromRow(Contract, values), Time(minute), Hasher.Hash(values), false, values, file);
    }

    public IncomingRow Delete(string[] key, int minute, string file = "f1")
    {
        object?[] values = [.. key, Time(minute), null, true];
        return new IncomingRow(RowKey.FromRow(Contract, values), Time(minute), "", true, values, file);
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
