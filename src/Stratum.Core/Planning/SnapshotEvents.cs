namespace Stratum.Planning;

/// <summary>A loaded (or loading) snapshot file: its time and its key.</summary>
public readonly record struct SnapshotRef(DateTime Time, string File);

/// <summary>
/// The snapshots of a stream that are loaded, ordered by time (not by how their names sort). A
/// snapshot's deletes depend on its neighbours in time, so the loader asks this line for them.
/// </summary>
public sealed class SnapshotLine
{
    private readonly SortedList<DateTime, string> _byTime = [];

    public SnapshotLine(IEnumerable<SnapshotRef> loaded)
    {
        foreach (var s in loaded)
        {
            _byTime.TryAdd(s.Time, s.File);
        }
    }

    public int Count => _byTime.Count;

    /// <summary>The loaded snapshot at exactly this time, if any.</summary>
    public SnapshotRef? At(DateTime time) => _byTime.TryGetValue(time, out var f) ? new SnapshotRef(time, f) : null;

    public (SnapshotRef? Previous, SnapshotRef? Next) Neighbours(DateTime time)
    {
        var keys = _byTime.Keys;
        int lo = 0, hi = keys.Count; // first index with key > time
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (keys[mid] <= time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        var nextIndex = lo;
        var prevIndex = nextIndex - 1;
        if (prevIndex >= 0 && keys[prevIndex] == time)
        {
            prevIndex--;
        }
        SnapshotRef? previous = prevIndex >= 0 ? new SnapshotRef(keys[prevIndex], _byTime.Values[prevIndex]) : null;
        SnapshotRef? next = nextIndex < keys.Count ? new SnapshotRef(keys[nextIndex], _byTime.Values[nextIndex]) : null;
        return (previous, next);
    }

    public void Add(SnapshotRef snapshot) => _byTime.TryAdd(snapshot.Time, snapshot.File);
}

/// <summary>
/// The deletes a snapshot file implies. A snapshot table is a sequence of facts: at each snapshot's
/// time each key is either present (with its values) or absent. A key is deleted where it goes from
/// present in one snapshot to absent in the next one in time. Because every version of a snapshot
/// table is at a snapshot's time, the table's history answers "was this key present in that
/// snapshot?" (it has a version event — a row's start or a repeat kept in <c>hidden</c> — at that
/// time), so a snapshot that arrives late, between two loaded ones, can be fitted in: its absent keys
/// that the previous snapshot held are deleted at its time, and its present keys that the next
/// snapshot lacks are deleted at the next one's time. The table then does not depend on the order in
/// which the snapshots arrive. Pure.
/// </summary>
public static class SnapshotEvents
{
    public static IReadOnlyList<IncomingRow> Deletes(
        IEnumerable<VersionRow> history,
        IReadOnlyCollection<IncomingRow> rows,
        SnapshotRef snapshot,
        SnapshotRef? previous,
        SnapshotRef? next)
    {
        var inFile = new Dictionary<RowKey, IncomingRow>();
        foreach (var r in rows)
        {
            if (!inFile.TryGetValue(r.Key, out var seen) || seen.IsTombstone && !r.IsTombstone)
            {
                inFile[r.Key] = r;
            }
        }
        var versions = VersionTimes(history, out var valuesOf);
        var deletes = new List<IncomingRow>();
        if (previous is { } p)
        {
            foreach (var (key, times) in versions)
            {
                if (!inFile.ContainsKey(key) && times.ContainsKey(p.Time))
                {
                    deletes.Add(new IncomingRow(key, snapshot.Time, "", true, valuesOf[key], snapshot.File));
                }
            }
        }
        if (next is { } n)
        {
            foreach (var (key, row) in inFile)
            {
                if (!row.IsTombstone && !(versions.TryGetValue(key, out var times) && times.ContainsKey(n.Time)))
                {
                    deletes.Add(new IncomingRow(key, n.Time, "", true, row.Values, n.File));
                }
            }
        }
        return deletes;
    }

    /// <summary>
    /// Whether the history already holds exactly this snapshot at its time: every key the file holds
    /// has a version of the same hash at that time, and no other key has one. A copy of a loaded
    /// snapshot under another name is then the same snapshot again. (An SCD1 table keeps only a
    /// key's latest version, so a copy of an older snapshot cannot be confirmed there.)
    /// </summary>
    public static bool SameAsHistory(IEnumerable<VersionRow> history, IReadOnlyCollection<IncomingRow> rows, DateTime time)
    {
        var expected = new Dictionary<RowKey, string>();
        foreach (var r in rows.Where(r => !r.IsTombstone))
        {
            if (expected.TryGetValue(r.Key, out var h) && h != r.Hash)
            {
                return false;
            }
            expected[r.Key] = r.Hash;
        }
        var held = 0;
        foreach (var (key, times) in VersionTimes(history, out _))
        {
            if (!times.TryGetValue(time, out var hash))
            {
                continue;
            }
            if (!expected.TryGetValue(key, out var want) || want != hash)
            {
                return false;
            }
            held++;
        }
        return held == expected.Count;
    }

    /// <summary>For each key, the times at which it has a version (row starts and kept repeats), with that version's hash.</summary>
    private static Dictionary<RowKey, Dictionary<DateTime, string>> VersionTimes(IEnumerable<VersionRow> history, out Dictionary<RowKey, object?[]> valuesOf)
    {
        var result = new Dictionary<RowKey, Dictionary<DateTime, string>>();
        valuesOf = [];
        foreach (var r in history)
        {
            if (!result.TryGetValue(r.Key, out var times))
            {
                result[r.Key] = times = [];
                valuesOf[r.Key] = r.Values;
            }
            if (r.IsDeleteMarker)
            {
                continue;
            }
            times[r.EffectiveDate] = r.Hash;
            foreach (var e in HiddenEvents.Parse(r.Hidden))
            {
                if (!e.IsTombstone)
                {
                    times[e.Time] = r.Hash;
                }
            }
        }
        return result;
    }
}
