using Stratum.Contracts;

namespace Stratum.Planning;

/// <summary>
/// The pure SCD planner: (existing history of some keys, incoming rows) → new history of those
/// keys. No I/O, no clock. The result depends only on the set of events (versions and deletes)
/// in the history and the batch, never on their order, so loading the same files again, in any
/// order, in any split, converges on the same table. The rules are written out in
/// docs/scd-semantics.md; the property tests in Stratum.Core.Tests state them.
/// </summary>
public sealed class ScdPlanner(TableContract contract)
{
    private readonly TableContract _contract = contract;

    public LoadPlan Plan(IEnumerable<VersionRow> history, IEnumerable<IncomingRow> incoming, string loadId)
    {
        var incomingByKey = new Dictionary<RowKey, List<IncomingRow>>();
        foreach (var row in incoming)
        {
            if (!incomingByKey.TryGetValue(row.Key, out var list))
            {
                incomingByKey[row.Key] = list = [];
            }
            list.Add(row);
        }
        var historyByKey = new Dictionary<RowKey, List<VersionRow>>();
        foreach (var row in history)
        {
            if (!incomingByKey.ContainsKey(row.Key))
            {
                continue; // not affected by this batch
            }
            if (!historyByKey.TryGetValue(row.Key, out var list))
            {
                historyByKey[row.Key] = list = [];
            }
            list.Add(row);
        }

        var keys = new List<KeyPlan>(incomingByKey.Count);
        var counts = new PlanCounts();
        var newKeys = 0L;
        var conflicts = new List<TieConflict>();
        foreach (var key in incomingByKey.Keys) // first-appearance order: deterministic for a given batch
        {
            var old = historyByKey.TryGetValue(key, out var h) ? h : [];
            var batch = incomingByKey[key];
            if (old.Count == 0 && batch.Count == 1 && !batch[0].IsTombstone)
            {
                // The common case of an initial load: a new key with one version.
                keys.Add(new KeyPlan(key, [NewKeyRow(batch[0], loadId)], Changed: true));
                newKeys++;
                continue;
            }
            old.Sort(static (a, b) => a.EffectiveDate.CompareTo(b.EffectiveDate));
            var acc = new Accumulator();
            var rows = _contract.ScdType == 2
                ? PlanType2(key, old, incomingByKey[key], loadId, acc, conflicts)
                : PlanType1(key, old, incomingByKey[key], loadId, acc, conflicts);
            var changed = rows.Count != old.Count || rows.Where((r, i) => !r.SameAs(old[i])).Any();
            var closed = old.Count(o => o.IsCurrent && !rows.Any(n => n.IsCurrent && n.EffectiveDate == o.EffectiveDate && n.Hash == o.Hash));
            keys.Add(new KeyPlan(key, rows, changed));
            counts += acc.ToCounts(incomingByKey[key].Count, closed, changed);
        }
        counts += new PlanCounts { Incoming = newKeys, Inserted = newKeys, KeysChanged = newKeys };
        return new LoadPlan(keys, counts, conflicts);
    }

    /// <summary>
    /// Rebuilds every key of <paramref name="history"/> from its own events (its versions, hidden
    /// events and deletes), with no incoming rows: a contract migration hands it rows whose hashes
    /// were recomputed under a new tracked set, and consecutive versions that are now equal collapse
    /// by the same rules as a load. <see cref="KeyPlan.Changed"/> compares with the rows given.
    /// </summary>
    public LoadPlan Rebuild(IEnumerable<VersionRow> history, string loadId)
    {
        ArgumentNullException.ThrowIfNull(history);
        var keys = new List<KeyPlan>();
        var conflicts = new List<TieConflict>();
        var counts = new PlanCounts();
        foreach (var group in history.GroupBy(r => r.Key))
        {
            var old = group.ToList();
            old.Sort(static (a, b) => a.EffectiveDate.CompareTo(b.EffectiveDate));
            var acc = new Accumulator();
            var rows = _contract.ScdType == 2
                ? PlanType2(group.Key, old, [], loadId, acc, conflicts)
                : PlanType1(group.Key, old, [], loadId, acc, conflicts);
            var changed = rows.Count != old.Count || rows.Where((r, i) => !r.SameAs(old[i])).Any();
            keys.Add(new KeyPlan(group.Key, rows, changed));
            counts += acc.ToCounts(0, 0, changed);
        }
        return new LoadPlan(keys, counts, conflicts);
    }

    private static VersionRow NewKeyRow(IncomingRow row, string loadId) => new()
    {
        Key = row.Key,
        Values = row.Values,
        EffectiveDate = row.EventTime,
        IsCurrent = true,
        Hash = row.Hash,
        RecordVersion = 1,
        SourceFile = row.SourceFile,
        LoadId = loadId,
    };

    // ---- events ----------------------------------------------------------------------------

    private sealed class Event
    {
        public required DateTime Time { get; init; }
        public required bool IsTombstone { get; init; }
        public string Hash { get; init; } = "";
        public object?[]? Values { get; init; }
        public string SourceFile { get; init; } = "";
        public string LoadId { get; init; } = "";
        public IncomingRow? Incoming { get; init; }
        public int Order { get; init; }
        public bool FromHistory => Incoming is null;
    }

    private sealed class Accumulator
    {
        public long Inserted, Unchanged, Deleted, IgnoredOlder, Ties, UnknownDeletes;

        public PlanCounts ToCounts(int incoming, int closed, bool changed) => new()
        {
            Incoming = incoming,
            Inserted = Inserted,
            Unchanged = Unchanged,
            Deleted = Deleted,
            IgnoredOlder = IgnoredOlder,
            TieConflicts = Ties,
            UnknownDeletes = UnknownDeletes,
            Closed = closed,
            KeysChanged = changed ? 1 : 0,
        };
    }

    private List<Event> Events(List<VersionRow> old, List<IncomingRow> incoming, bool expandHidden)
    {
        var events = new List<Event>();
        for (var i = 0; i < old.Count; i++)
        {
            var r = old[i];
            if (r.IsDeleteMarker)
            {
                events.Add(new Event { Time = r.EffectiveDate, IsTombstone = true, Values = r.Values, SourceFile = r.SourceFile, LoadId = r.LoadId, Order = events.Count });
                events.AddRange(HiddenEvents.Parse(r.Hidden).Where(e => e.IsTombstone).Select(e => new Event { Time = e.Time, IsTombstone = true, Order = events.Count }));
                continue;
            }
            events.Add(new Event { Time = r.EffectiveDate, IsTombstone = false, Hash = r.Hash, Values = r.Values, SourceFile = r.SourceFile, LoadId = r.LoadId, Order = events.Count });
            if (expandHidden)
            {
                foreach (var e in HiddenEvents.Parse(r.Hidden))
                {
                    events.Add(e.IsTombstone
                        ? new Event { Time = e.Time, IsTombstone = true, Order = events.Count }
                        : new Event { Time = e.Time, IsTombstone = false, Hash = r.Hash, Values = WithEventTime(r.Values, e.Time), SourceFile = r.SourceFile, LoadId = r.LoadId, Order = events.Count });
                }
            }
            // A closing that the next row does not explain is a delete.
            if (r.ExpirationDate is { } exp && (i + 1 == old.Count || old[i + 1].EffectiveDate != exp))
            {
                events.Add(new Event { Time = exp, IsTombstone = true, Order = events.Count });
            }
        }
        foreach (var row in incoming)
        {
            events.Add(new Event
            {
                Time = row.EventTime,
                IsTombstone = row.IsTombstone,
                Hash = row.IsTombstone ? "" : row.Hash,
                Values = row.Values,
                SourceFile = row.SourceFile,
                Incoming = row,
                Order = events.Count,
            });
        }
        return events;
    }

    /// <summary>
    /// Resolves the events at one instant to one winner. A delete beats any version; among versions
    /// the greater hash wins. Among equal events the one already in history is kept (its lineage is
    /// never rewritten), otherwise the smallest source file name, then input order.
    /// Every incoming loser is counted and reported as a tie conflict.
    /// </summary>
    private static (Event Winner, List<Event> Duplicates) Resolve(RowKey key, List<Event> atTime, Accumulator acc, List<TieConflict> conflicts)
    {
        static int Preference(Event a, Event b)
        {
            var c = b.FromHistory.CompareTo(a.FromHistory);
            if (c != 0)
            {
                return c;
            }
            c = string.CompareOrdinal(a.SourceFile, b.SourceFile);
            return c != 0 ? c : a.Order.CompareTo(b.Order);
        }
        Event? winner = null;
        foreach (var e in atTime)
        {
            if (winner is null)
            {
                winner = e;
                continue;
            }
            var better = (e.IsTombstone, winner.IsTombstone) switch
            {
                (true, false) => true,
                (false, true) => false,
                (true, true) => Preference(e, winner) < 0,
                _ => string.CompareOrdinal(e.Hash, winner.Hash) switch
                {
                    > 0 => true,
                    < 0 => false,
                    _ => Preference(e, winner) < 0,
                },
            };
            if (better)
            {
                winner = e;
            }
        }
        var duplicates = new List<Event>();
        foreach (var e in atTime)
        {
            if (ReferenceEquals(e, winner))
            {
                continue;
            }
            var same = e.IsTombstone == winner!.IsTombstone && (e.IsTombstone || e.Hash == winner.Hash);
            if (same)
            {
                duplicates.Add(e);
                continue;
            }
            if (e.Incoming is not null || winner.Incoming is not null)
            {
                var loserInFile = e.Incoming?.TimeInFile;
                var winnerInFile = winner.Incoming?.TimeInFile;
                conflicts.Add(new TieConflict(key, e.Time, winner.IsTombstone ? TieConflict.DeleteHash : winner.Hash,
                    e.IsTombstone ? TieConflict.DeleteHash : e.Hash, e.SourceFile,
                    Coarse: loserInFile is not null || winnerInFile is not null, loserInFile, winnerInFile));
            }
            if (e.Incoming is not null)
            {
                acc.Ties++;
            }
        }
        return (winner!, duplicates);
    }

    private static List<(DateTime Time, Event Winner, List<Event> Duplicates)> Timeline(RowKey key, List<Event> events, Accumulator acc, List<TieConflict> conflicts)
        => [.. events
            .GroupBy(e => e.Time)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var (w, d) = Resolve(key, [.. g], acc, conflicts);
                return (g.Key, w, d);
            })];

    // ---- type 2 ----------------------------------------------------------------------------

    private sealed class RunBuilder
    {
        public required Event Head { get; init; }
        public DateTime? End { get; set; }
        public List<HiddenEvents.Entry> Hidden { get; } = [];
    }

    private List<VersionRow> PlanType2(RowKey key, List<VersionRow> old, List<IncomingRow> incoming, string loadId, Accumulator acc, List<TieConflict> conflicts)
    {
        var timeline = Timeline(key, Events(old, incoming, expandHidden: true), acc, conflicts);
        var runs = new List<RunBuilder>();
        var orphanDeletes = new List<DateTime>(); // deletes before the first version
        var orphanIncoming = 0L;                  // incoming rows behind those deletes
        RunBuilder? open = null;
        foreach (var (time, winner, duplicates) in timeline)
        {
            var incomingHere = duplicates.Count(d => d.Incoming is not null) + (winner.Incoming is not null ? 1 : 0);
            if (winner.IsTombstone)
            {
                if (open is not null)
                {
                    open.End = time;
                    open = null;
                    acc.Deleted += winner.Incoming is not null ? 1 : 0;
                    acc.Unchanged += incomingHere - (winner.Incoming is not null ? 1 : 0);
                }
                else if (runs.Count > 0)
                {
                    runs[^1].Hidden.Add(new HiddenEvents.Entry(true, time));
                    acc.Unchanged += incomingHere;
                }
                else
                {
                    orphanDeletes.Add(time);
                    orphanIncoming += incomingHere;
                }
                continue;
            }
            if (open is not null && open.Head.Hash == winner.Hash)
            {
                open.Hidden.Add(new HiddenEvents.Entry(false, time));
                acc.Unchanged += incomingHere;
                continue;
            }
            if (open is not null)
            {
                open.End = time;
            }
            open = new RunBuilder { Head = winner };
            runs.Add(open);
            acc.Inserted += winner.Incoming is not null ? 1 : 0;
            acc.Unchanged += incomingHere - (winner.Incoming is not null ? 1 : 0);
        }
        if (runs.Count == 0)
        {
            // Only deletes: keep them as one delete marker so a version that arrives later is closed by them.
            acc.UnknownDeletes += orphanIncoming;
            var first = timeline.First(t => t.Winner.IsTombstone);
            return [Marker(key, first.Winner, orphanDeletes.Skip(1), loadId)];
        }
        acc.Unchanged += orphanIncoming;
        runs[0].Hidden.AddRange(orphanDeletes.Select(t => new HiddenEvents.Entry(true, t)));

        var rows = new List<VersionRow>(runs.Count);
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var head = run.Head;
            rows.Add(new VersionRow
            {
                Key = key,
                Values = head.Values!,
                EffectiveDate = head.Time,
                ExpirationDate = run.End,
                IsCurrent = run.End is null,
                Hash = head.Hash,
                RecordVersion = i + 1,
                SourceFile = head.SourceFile,
                LoadId = head.FromHistory ? head.LoadId : loadId,
                Hidden = HiddenEvents.Format(run.Hidden),
            });
        }
        return rows;
    }

    // ---- type 1 ----------------------------------------------------------------------------

    private List<VersionRow> PlanType1(RowKey key, List<VersionRow> old, List<IncomingRow> incoming, string loadId, Accumulator acc, List<TieConflict> conflicts)
    {
        // The latest event wins: a version is the row; a delete leaves a delete marker (so older
        // versions that arrive later stay ignored).
        var timeline = Timeline(key, Events(old, incoming, expandHidden: false), acc, conflicts);
        var (_, last, lastDuplicates) = timeline[^1];
        var oldRow = old.Count > 0 ? old[^1] : null;
        foreach (var (_, winner, duplicates) in timeline.Take(timeline.Count - 1))
        {
            acc.IgnoredOlder += duplicates.Prepend(winner).Count(e => e.Incoming is not null);
        }
        foreach (var e in lastDuplicates.Prepend(last).Where(e => e.Incoming is not null))
        {
            var isWinner = ReferenceEquals(e, last);
            if (last.IsTombstone)
            {
                if (oldRow is null)
                {
                    acc.UnknownDeletes++;
                }
                else if (isWinner && oldRow.IsCurrent)
                {
                    acc.Deleted++;
                }
                else
                {
                    acc.Unchanged++;
                }
            }
            else if (isWinner && (oldRow is null || oldRow.Hash != last.Hash || !oldRow.IsCurrent))
            {
                acc.Inserted++;
            }
            else
            {
                acc.Unchanged++;
            }
        }
        if (last.IsTombstone)
        {
            return [Marker(key, last, [], loadId)];
        }
        return
        [
            new VersionRow
            {
                Key = key,
                Values = last.Values!,
                EffectiveDate = last.Time,
                IsCurrent = true,
                Hash = last.Hash,
                RecordVersion = 1,
                SourceFile = last.SourceFile,
                LoadId = last.FromHistory ? last.LoadId : loadId,
            },
        ];
    }

    /// <summary>
    /// A delete of a key that has no version: an empty interval [T, T), not current, empty hash,
    /// the key's values, nulls (or the type's zero for non-null columns), the tombstone flag set.
    /// Invisible to "current" and "as of" queries; it remembers the delete.
    /// </summary>
    private VersionRow Marker(RowKey key, Event delete, IEnumerable<DateTime> moreDeletes, string loadId)
    {
        var values = new object?[_contract.Columns.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var col = _contract.Columns[i];
            values[i] = col.Nullable ? null : ZeroOf(col.Type.Kind, delete.Time);
        }
        for (var k = 0; k < _contract.KeyOrdinals.Length; k++)
        {
            values[_contract.KeyOrdinals[k]] = key.Values[k];
        }
        if (_contract.EventTimeOrdinal >= 0)
        {
            values = WithEventTime(values, delete.Time);
        }
        if (_contract.TombstoneOrdinal >= 0)
        {
            values[_contract.TombstoneOrdinal] = true;
        }
        return new VersionRow
        {
            Key = key,
            Values = values,
            EffectiveDate = delete.Time,
            ExpirationDate = delete.Time,
            IsCurrent = false,
            Hash = VersionRow.DeleteMarkerHash,
            RecordVersion = 0,
            SourceFile = delete.SourceFile,
            LoadId = delete.FromHistory ? delete.LoadId : loadId,
            Hidden = HiddenEvents.Format(moreDeletes.Select(t => new HiddenEvents.Entry(true, t))),
        };
    }

    private static object ZeroOf(ColumnKind kind, DateTime time) => kind switch
    {
        ColumnKind.String => "",
        ColumnKind.Int64 => 0L,
        ColumnKind.Float64 => 0d,
        ColumnKind.Decimal => 0m,
        ColumnKind.Bool => false,
        ColumnKind.Date => DateOnly.FromDateTime(time),
        _ => time,
    };

    private object?[] WithEventTime(object?[] values, DateTime time)
    {
        var ordinal = _contract.EventTimeOrdinal;
        if (ordinal < 0)
        {
            return values;
        }
        var copy = (object?[])values.Clone();
        copy[ordinal] = _contract.Columns[ordinal].Type.Kind == ColumnKind.Date ? DateOnly.FromDateTime(time) : time;
        return copy;
    }
}
