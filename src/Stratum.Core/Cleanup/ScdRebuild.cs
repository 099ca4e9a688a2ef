using Stratum.Audit;
using System.Globalization;
using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;

namespace Stratum.Cleanup;

/// <summary>
/// Rebuilds broken SCD2 histories with the planner (pure; docs/audit-and-repair.md lists the rules):
/// every row of a broken key is a version at its version time, with its content hash; the planner
/// orders them, resolves each instant to one winner (equal content: one row; different content:
/// the greater hash wins and the others are reported as tie conflicts), and recomputes effective
/// date (= the version's time), expiration date (= the next version's time), is_current (the last)
/// and record version (1..n). A key that had no current row at all stays closed, at its latest
/// expiration date. Each output row is a copy of one existing row with new SCD values.
/// </summary>
public static class ScdRebuild
{
    private static readonly Identifier KeyColumn = Identifier.Parse("k");
    private static readonly Identifier TimeColumn = Identifier.Parse("v");
    private static readonly Identifier HandleColumn = Identifier.Parse("h");

    private static readonly TableContract Contract = TableContract.Create(
        Identifier.Parse("stratum_rebuild"),
        [new ColumnSpec(KeyColumn, ColumnType.String, false), new ColumnSpec(TimeColumn, ColumnType.Timestamp, false), new ColumnSpec(HandleColumn, ColumnType.String, false)],
        [KeyColumn], TimeColumn, scdType: 2, tracked: [HandleColumn]);

    /// <param name="rows">Every row of the keys to rebuild.</param>
    /// <param name="mayInferDeletes">Versions are ordered by the effective date itself and the stream has deletes:
    /// an expiration that falls in a gap before the next version is a delete, kept as a gap.</param>
    public static RebuildPlan Plan(IEnumerable<HistoryRow> rows, bool mayInferDeletes)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var incoming = new List<IncomingRow>();
        var keys = new List<KeyRef>();
        var notes = new List<string>();
        long before = 0;
        foreach (var group in rows.GroupBy(r => new KeyRef(r.Tenant, r.Key)).OrderBy(g => g.Key.Tenant, StringComparer.Ordinal).ThenBy(g => g.Key.Key, StringComparer.Ordinal))
        {
            keys.Add(group.Key);
            var list = group.ToList();
            before += list.Sum(r => r.Copies);
            incoming.AddRange(Events(group.Key, list, mayInferDeletes, notes));
        }
        var plan = new ScdPlanner(Contract).Plan([], incoming, "rebuild");
        var ties = plan.Conflicts.DistinctBy(t => (t.Key, t.EventTime, t.LoserHash)).ToList();
        foreach (var tie in ties)
        {
            notes.Add($"key {Show(tie.Key)}: two versions at {Fmt(tie.EventTime)} with different content; kept the one with the greater content hash, the other is only in the backup");
        }
        var decisions = plan.AllRows
            .Where(r => !r.IsDeleteMarker)
            .Select(r => new RowDecision(ulong.Parse((string)r.Values[2]!, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
                r.EffectiveDate, r.ExpirationDate, r.IsCurrent, r.RecordVersion))
            .ToList();
        var distinctVersions = rows.Where(r => !r.IsDeleteMarker).Select(r => (r.Tenant, r.Key, r.Version, r.ContentHash)).Distinct().Count();
        var merged = distinctVersions - decisions.Count - ties.Count(t => t.LoserHash != TieConflict.DeleteHash);
        if (merged > 0)
        {
            notes.Add($"{merged} version(s) equal in content to the version before them were merged into it (an update that changed nothing is not a new version)");
        }
        return new RebuildPlan(keys, decisions, before, notes);
    }

    private static IEnumerable<IncomingRow> Events(KeyRef key, List<HistoryRow> rows, bool mayInferDeletes, List<string> notes)
    {
        var rowKey = RowKey.Of(key.Tenant + "\u001e" + key.Key);
        foreach (var r in rows.Where(r => !r.IsDeleteMarker))
        {
            // Among rows with equal content at one instant the planner keeps the smallest "source":
            // a current row first, then the earliest effective date, then the row hash.
            var preference = (r.IsCurrent ? "0" : "1") + r.Effective.Ticks.ToString("D19", CultureInfo.InvariantCulture) + r.RowHash.ToString("x16", CultureInfo.InvariantCulture);
            yield return new IncomingRow(rowKey, r.Version, r.ContentHash.ToString("x16", CultureInfo.InvariantCulture), false,
                [key.Key, r.Version, r.RowHash.ToString("x16", CultureInfo.InvariantCulture)], preference);
        }
        var versions = rows.Where(r => !r.IsDeleteMarker).Select(r => r.Version).Distinct().Order().ToList();
        foreach (var marker in rows.Where(r => r.IsDeleteMarker))
        {
            yield return Tombstone(rowKey, key, marker.Effective);
        }
        if (versions.Count == 0)
        {
            yield break;
        }
        var last = versions[^1];
        if (!rows.Any(r => r.IsCurrent) && !rows.Any(r => r.IsDeleteMarker))
        {
            var closing = rows.Where(r => r.Expiration is not null).Select(r => r.Expiration!.Value).DefaultIfEmpty(DateTime.MinValue).Max();
            if (closing > last)
            {
                yield return Tombstone(rowKey, key, closing);
            }
            else
            {
                notes.Add($"key {Show(key)}: no row was current and no expiration date falls after its last version ({Fmt(last)}); its last version is current again");
            }
        }
        if (!mayInferDeletes)
        {
            yield break;
        }
        foreach (var r in rows.Where(r => r.Expiration is not null && !r.IsDeleteMarker))
        {
            var next = versions.FirstOrDefault(v => v > r.Version);
            var end = r.Expiration!.Value;
            if (end > r.Version && next != default && end < next)
            {
                yield return Tombstone(rowKey, key, end);
            }
        }
    }

    private static IncomingRow Tombstone(RowKey rowKey, KeyRef key, DateTime at)
        => new(rowKey, at, "", true, [key.Key, at, ""], "");

    private static string Show(KeyRef key) => $"{key.Tenant}/{Stratum.Planning.CompositeKey.Display(key.Key)}";

    private static string Show(RowKey key)
    {
        var parts = key.Text.Split('\u001e', 2);
        return parts.Length == 2 ? Show(new KeyRef(parts[0], parts[1])) : key.ToString();
    }

    private static string Fmt(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
