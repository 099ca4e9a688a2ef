namespace Stratum.Planning;

/// <summary>
/// For a snapshot table (a file holds the whole table): every key that is live in history but
/// absent from the snapshot was deleted at the snapshot's time. Returns those deletes as
/// tombstone rows for the planner.
/// </summary>
public static class SnapshotDeletes
{
    public static IReadOnlyList<IncomingRow> Derive(
        IEnumerable<VersionRow> history,
        IReadOnlySet<RowKey> keysInSnapshot,
        DateTime snapshotTime,
        string sourceFile)
    {
        var deletes = new List<IncomingRow>();
        foreach (var key in history.GroupBy(r => r.Key))
        {
            if (keysInSnapshot.Contains(key.Key))
            {
                continue;
            }
            // Live at the snapshot's time: some version started at or before it and had not ended.
            var live = key.Any(r => r.EffectiveDate <= snapshotTime && (r.ExpirationDate is null || r.ExpirationDate > snapshotTime));
            if (live)
            {
                deletes.Add(new IncomingRow(key.Key, snapshotTime, "", true, [.. key.First().Values], sourceFile));
            }
        }
        return deletes;
    }
}
