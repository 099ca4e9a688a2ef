using Stratum.Contracts;

namespace Stratum.Migration;

/// <summary>
/// The differences between two contracts of one table (pure): the stored one (the rows were
/// written under it) and the one in the project now. Only what the fingerprint covers counts
/// (<see cref="ContractFingerprint"/>). Each change says whether <c>stratum migrate</c> can bring
/// the stored rows to the new contract without inventing history.
/// </summary>
public sealed record ContractDiff(IReadOnlyList<ContractChange> Changes)
{
    public bool IsEmpty => Changes.Count == 0;

    public IEnumerable<ContractChange> Blockers => Changes.Where(c => c.Blocks);

    /// <summary>One line: <c>tracked: +status −priority; column amount: int64 → decimal(18,2); scd_type 1 → 2</c>.</summary>
    public string Summary => string.Join("; ", Changes.Select(c => c.Text));

    public static ContractDiff Between(TableContract stored, TableContract now)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(now);
        var changes = new List<ContractChange>();
        var oldCols = stored.Columns.ToDictionary(c => c.Name.Value, StringComparer.Ordinal);
        var newCols = now.Columns.ToDictionary(c => c.Name.Value, StringComparer.Ordinal);

        if (stored.ScdType != now.ScdType)
        {
            changes.Add(new ContractChange("scd_type", $"scd_type {stored.ScdType} → {now.ScdType}", stored.ScdType == 1
                ? "an SCD Type 1 table kept only the latest version of each key, so the history Type 2 needs was never stored. "
                  + "Instead: give the Type 2 contract a new table name and load the files into it (every file is loaded again, so its history is built from the files), "
                  + "or keep scd_type: 1"
                : null));
        }
        if (!stored.Key.SequenceEqual(now.Key))
        {
            changes.Add(new ContractChange("key", $"key [{string.Join(", ", stored.Key)}] → [{string.Join(", ", now.Key)}]",
                "the key identifies each history; the rows stored under the old key cannot be regrouped into histories of the new one "
                + "(versions of different old keys would interleave). Instead: give the contract a new table name and load the files into it"));
        }
        var oldTime = ContractFingerprint.EventTimeText(stored);
        var newTime = ContractFingerprint.EventTimeText(now);
        if (oldTime != newTime)
        {
            changes.Add(new ContractChange("event_time", $"event_time {oldTime} → {newTime}",
                "versions are ordered and collapsed by their event time; the events collapsed into a version under the old time are not stored, so the history under the new time cannot be derived. "
                + "Instead: give the contract a new table name and load the files into it"));
        }
        var added = now.Tracked.Except(stored.Tracked).Select(t => t.Value).Order(StringComparer.Ordinal).ToList();
        var removed = stored.Tracked.Except(now.Tracked).Select(t => t.Value).Order(StringComparer.Ordinal).ToList();
        if (added.Count + removed.Count > 0)
        {
            changes.Add(new ContractChange("tracked", "tracked: " + string.Join(" ", added.Select(a => "+" + a).Concat(removed.Select(r => "−" + r)))));
        }
        if (stored.Tombstone != now.Tombstone)
        {
            var newColumn = now.Tombstone is { } t && !oldCols.ContainsKey(t.Value);
            changes.Add(new ContractChange("tombstone", $"tombstone {stored.Tombstone?.Value ?? "none"} → {now.Tombstone?.Value ?? "none"}", newColumn && stored.Tombstone is null
                ? null
                : "the stored rows were written with the old tombstone's meaning (its rows are deletes, or its true values are data); they cannot be reinterpreted. "
                  + "Instead: declare a new tombstone column (added as null: no stored row is a delete), or load the files into a new table"));
        }
        if (stored.Snapshot != now.Snapshot)
        {
            changes.Add(new ContractChange("snapshot", $"snapshot {(stored.Snapshot ? "true" : "false")} → {(now.Snapshot ? "true" : "false")}"));
        }
        var oldScd = stored.ScdColumns.All().ToList();
        var newScd = now.ScdColumns.All().ToList();
        for (var i = 0; i < oldScd.Count; i++)
        {
            if (oldScd[i].Name != newScd[i].Name)
            {
                changes.Add(new ContractChange("scd_columns", $"scd_columns.{oldScd[i].Role}: {oldScd[i].Name} → {newScd[i].Name}",
                    "renaming the columns Stratum adds is a rename in the warehouse, not a rewrite of history; migrate does not rename columns. "
                    + $"Instead: keep scd_columns.{oldScd[i].Role}: {oldScd[i].Name}, or rename the column in the warehouse and store the contract again"));
            }
        }
        foreach (var c in now.Columns.Where(c => !oldCols.ContainsKey(c.Name.Value)).OrderBy(c => c.Name.Value, StringComparer.Ordinal))
        {
            changes.Add(new ContractChange("column " + c.Name, $"column {c.Name}: added ({Show(c)})", c.Nullable
                ? null
                : $"column {c.Name} is not nullable and has no default: the stored rows have no value for it. "
                  + $"Instead: declare it nullable ({c.Name}: {c.Type}?) so the stored rows hold null, migrate, and make it non-null later only if every row then has a value"));
        }
        foreach (var c in stored.Columns.Where(c => !newCols.ContainsKey(c.Name.Value)).OrderBy(c => c.Name.Value, StringComparer.Ordinal))
        {
            changes.Add(new ContractChange("column " + c.Name, $"column {c.Name}: removed ({Show(c)}; its values are kept only in the backup)"));
        }
        foreach (var c in now.Columns.Where(c => oldCols.ContainsKey(c.Name.Value)).OrderBy(c => c.Name.Value, StringComparer.Ordinal))
        {
            var o = oldCols[c.Name.Value];
            if (o.Type != c.Type)
            {
                changes.Add(new ContractChange("column " + c.Name, $"column {c.Name}: {o.Type} → {c.Type}",
                    $"migrate does not change a column's type in place (the warehouse would convert the stored values by its own rules, which need not match how a file's values are read and hashed). "
                    + $"Instead: add a new column ({c.Name}_{c.Type.Kind.ToString().ToLowerInvariant()}: {c.Type}?) and keep {c.Name}: {o.Type}, or load the files into a new table"));
            }
            else if (o.Nullable != c.Nullable)
            {
                changes.Add(new ContractChange("column " + c.Name, $"column {c.Name}: {Show(o)} → {Show(c)}", o.Nullable
                    ? $"column {c.Name} becomes non-null, but stored rows may hold null for it and there is no default to give them. Instead: keep it nullable ({c.Name}: {c.Type}?)"
                    : null));
            }
        }
        return new ContractDiff(changes);
    }

    private static string Show(ColumnSpec c) => c.Type + (c.Nullable ? "?" : "");
}
