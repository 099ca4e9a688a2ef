using System.Collections.Frozen;
using System.Collections.Immutable;
using Stratum.Names;

namespace Stratum.Contracts;

/// <summary>
/// What a target table holds and how versions of its rows are told apart. Built only through
/// <see cref="ContractLoader"/> (or <see cref="Create"/> in code), which validates every rule.
/// Rows of this table are <c>object?[]</c> aligned with <see cref="Columns"/>.
/// </summary>
public sealed class TableContract
{
    private readonly FrozenDictionary<string, int> _ordinals;

    private TableContract(
        Identifier table,
        ImmutableArray<ColumnSpec> columns,
        ImmutableArray<Identifier> key,
        EventTimeSource eventTimeSource,
        Identifier? eventTimeColumn,
        ImmutableArray<Identifier> tracked,
        int scdType,
        Identifier? tombstone,
        bool snapshot,
        ImmutableDictionary<string, Identifier> renames,
        UnknownColumnPolicy unknownColumns,
        MissingColumnPolicy missingColumns,
        ScdColumns scdColumns)
    {
        Table = table;
        Columns = columns;
        Key = key;
        EventTimeSource = eventTimeSource;
        EventTimeColumn = eventTimeColumn;
        Tracked = tracked;
        ScdType = scdType;
        Tombstone = tombstone;
        Snapshot = snapshot;
        Renames = renames;
        UnknownColumns = unknownColumns;
        MissingColumns = missingColumns;
        ScdColumns = scdColumns;
        _ordinals = columns.Select((c, i) => (c.Name.Value, i)).ToFrozenDictionary(p => p.Value, p => p.i, StringComparer.Ordinal);
        KeyOrdinals = [.. key.Select(k => _ordinals[k.Value])];
        TrackedOrdinals = [.. tracked.Select(t => _ordinals[t.Value])];
        EventTimeOrdinal = eventTimeColumn is { } e ? _ordinals[e.Value] : -1;
        TombstoneOrdinal = tombstone is { } t2 ? _ordinals[t2.Value] : -1;
    }

    public Identifier Table { get; }
    public ImmutableArray<ColumnSpec> Columns { get; }
    public ImmutableArray<Identifier> Key { get; }
    public EventTimeSource EventTimeSource { get; }
    public Identifier? EventTimeColumn { get; }
    public ImmutableArray<Identifier> Tracked { get; }
    public int ScdType { get; }
    public Identifier? Tombstone { get; }
    public bool Snapshot { get; }

    /// <summary>Input column name → contract column (e.g. the source API's <c>dateEntered</c> → <c>date_entered</c>).</summary>
    public ImmutableDictionary<string, Identifier> Renames { get; }
    public UnknownColumnPolicy UnknownColumns { get; }

    /// <summary>What a file lacking a declared nullable column does: quarantined (the default) or loaded as null.</summary>
    public MissingColumnPolicy MissingColumns { get; }
    public ScdColumns ScdColumns { get; }

    public ImmutableArray<int> KeyOrdinals { get; }
    public ImmutableArray<int> TrackedOrdinals { get; }

    /// <summary>Ordinal of the event-time column, or -1 when the event time comes from the file.</summary>
    public int EventTimeOrdinal { get; }

    /// <summary>Ordinal of the tombstone flag column, or -1.</summary>
    public int TombstoneOrdinal { get; }

    /// <summary>True when the stream can delete keys (tombstones or snapshots): gaps in history are then legitimate.</summary>
    public bool HasDeletes => Tombstone is not null || Snapshot;

    public int Ordinal(string column) => _ordinals.TryGetValue(column, out var i) ? i : -1;

    public ColumnSpec Column(string name) => Columns[_ordinals[name]];

    /// <summary>Builds a contract in code; throws <see cref="ContractException"/> listing every problem.</summary>
    public static TableContract Create(
        Identifier table,
        IEnumerable<ColumnSpec> columns,
        IEnumerable<Identifier> key,
        Identifier? eventTimeColumn,
        int scdType = 2,
        IEnumerable<Identifier>? tracked = null,
        Identifier? tombstone = null,
        bool snapshot = false,
        EventTimeSource? eventTimeSource = null,
        IReadOnlyDictionary<string, Identifier>? renames = null,
        UnknownColumnPolicy unknownColumns = UnknownColumnPolicy.Ignore,
        ScdColumns? scdColumns = null,
        string source = "<code>",
        MissingColumnPolicy missingColumns = MissingColumnPolicy.Reject)
    {
        var problems = new List<ContractProblem>();
        var result = TryCreate(table, [.. columns], [.. key], eventTimeSource ?? (eventTimeColumn is null ? EventTimeSource.FileModified : EventTimeSource.Column),
            eventTimeColumn, tracked?.ToImmutableArray(), scdType, tombstone, snapshot,
            (renames ?? new Dictionary<string, Identifier>()).ToImmutableDictionary(StringComparer.Ordinal), unknownColumns, missingColumns, scdColumns ?? ScdColumns.Default,
            source, problems);
        return result ?? throw new ContractException(problems);
    }

    internal static TableContract? TryCreate(
        Identifier table,
        ImmutableArray<ColumnSpec> columns,
        ImmutableArray<Identifier> key,
        EventTimeSource eventTimeSource,
        Identifier? eventTimeColumn,
        ImmutableArray<Identifier>? tracked,
        int scdType,
        Identifier? tombstone,
        bool snapshot,
        ImmutableDictionary<string, Identifier> renames,
        UnknownColumnPolicy unknownColumns,
        MissingColumnPolicy missingColumns,
        ScdColumns scd,
        string source,
        List<ContractProblem> problems)
    {
        void Problem(string field, string message) => problems.Add(new ContractProblem(source, field, message));
        var byName = new Dictionary<string, ColumnSpec>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (!byName.TryAdd(c.Name.Value, c))
            {
                Problem($"columns.{c.Name}", "is declared twice");
            }
        }
        if (columns.IsDefaultOrEmpty)
        {
            Problem("columns", "no columns are declared");
        }
        if (scdType is not (1 or 2))
        {
            Problem("scd_type", $"is {scdType}; it must be 1 or 2");
        }
        if (key.IsDefaultOrEmpty)
        {
            Problem("key", "no business key is declared; name one or more columns");
        }
        else
        {
            foreach (var k in key)
            {
                if (!byName.TryGetValue(k.Value, out var col))
                {
                    Problem("key", $"names '{k}', which is not a declared column{ContractLoader.Suggest(k.Value, byName.Keys)}");
                }
                else if (col.Nullable)
                {
                    Problem("key", $"column '{k}' is nullable; key columns must be declared non-null");
                }
                else if (col.Type.Kind == ColumnKind.Float64)
                {
                    Problem("key", $"column '{k}' is float64; floating-point keys cannot be matched exactly");
                }
            }
            if (key.Distinct().Count() != key.Length)
            {
                Problem("key", "names a column more than once");
            }
        }
        if (eventTimeSource == EventTimeSource.Column)
        {
            if (eventTimeColumn is not { } et)
            {
                Problem("event_time", "is missing; name a timestamp column, or file:modified / file:key");
            }
            else if (!byName.TryGetValue(et.Value, out var col))
            {
                Problem("event_time", $"names '{et}', which is not a declared column{ContractLoader.Suggest(et.Value, byName.Keys)}");
            }
            else if (col.Type.Kind is not (ColumnKind.Timestamp or ColumnKind.Date))
            {
                Problem("event_time", $"column '{et}' is {col.Type}; it must be timestamp or date");
            }
            else if (col.Nullable)
            {
                Problem("event_time", $"column '{et}' is nullable; a version needs an event time, declare it non-null");
            }
            else if (key.Contains(et))
            {
                Problem("event_time", $"column '{et}' is part of the key");
            }
        }
        if (snapshot && eventTimeSource == EventTimeSource.Column)
        {
            // A snapshot says which keys exist at the snapshot's time; a version's time is that time,
            // so that a later snapshot's absence always falls after it (docs/scd-semantics.md, "Snapshots").
            Problem("event_time", $"is the column '{eventTimeColumn}', but snapshot: true takes every version's time from the snapshot file; "
                + "set event_time: file:key (the time in the file's name) or file:modified, and keep the column as data");
        }
        if (tombstone is { } ts)
        {
            if (!byName.TryGetValue(ts.Value, out var col))
            {
                Problem("tombstone", $"names '{ts}', which is not a declared column{ContractLoader.Suggest(ts.Value, byName.Keys)}");
            }
            else if (col.Type.Kind != ColumnKind.Bool)
            {
                Problem("tombstone", $"column '{ts}' is {col.Type}; it must be bool");
            }
        }
        ImmutableArray<Identifier> trackedFinal;
        if (tracked is { } t)
        {
            foreach (var c in t)
            {
                if (!byName.ContainsKey(c.Value))
                {
                    Problem("tracked", $"names '{c}', which is not a declared column{ContractLoader.Suggest(c.Value, byName.Keys)}");
                }
                else if (key.Contains(c))
                {
                    Problem("tracked", $"names key column '{c}'; key columns identify a row and are not tracked");
                }
                else if (tombstone == c)
                {
                    Problem("tracked", $"names the tombstone column '{c}'");
                }
            }
            if (t.IsEmpty)
            {
                Problem("tracked", "is empty; leave it out to track every non-key column");
            }
            trackedFinal = [.. t.Distinct()];
        }
        else
        {
            trackedFinal = [.. columns.Select(c => c.Name).Where(n => !key.Contains(n) && n != eventTimeColumn && n != tombstone)];
        }
        var scdNames = scd.All().ToList();
        foreach (var group in scdNames.GroupBy(s => s.Name))
        {
            if (group.Count() > 1)
            {
                Problem("scd_columns", $"'{group.Key}' is used for {string.Join(" and ", group.Select(g => g.Role))}");
            }
        }
        foreach (var (role, name) in scdNames)
        {
            if (byName.ContainsKey(name.Value))
            {
                Problem($"columns.{name}", $"collides with the {role} column Stratum adds; rename it in scd_columns or drop it from columns");
            }
        }
        foreach (var (from, to) in renames)
        {
            if (!byName.ContainsKey(to.Value))
            {
                Problem($"renames.{from}", $"maps to '{to}', which is not a declared column{ContractLoader.Suggest(to.Value, byName.Keys)}");
            }
        }
        if (problems.Count > 0)
        {
            return null;
        }
        return new TableContract(table, columns, key, eventTimeSource, eventTimeSource == EventTimeSource.Column ? eventTimeColumn : null,
            trackedFinal, scdType, tombstone, snapshot, renames, unknownColumns, missingColumns, scd);
    }
}
