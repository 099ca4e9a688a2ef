namespace Stratum.Simulation.Legacy;

/// <summary>
/// The incident, reproduced: tenant <c>sitetechnology</c>, 1,000 time entries, and for each one
/// current row plus 44 identical non-current copies of that same version (same <c>last_updated</c>)
/// — 45,000 rows. The copies were written at the first load (09:00) and expired by the second
/// (09:15), which wrote the current row: 44 concurrent loaders, one copy each.
/// </summary>
public static class IncidentFixture
{
    public const string Tenant = "sitetechnology";
    public const int Keys = 1000;
    public const int Copies = 44;

    public static readonly DateTime FirstLoad = new(2025, 6, 21, 9, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime SecondLoad = new(2025, 6, 21, 9, 15, 0, DateTimeKind.Utc);

    public static IEnumerable<TimeEntryRow> Rows(string tenant = Tenant, int keys = Keys, int copies = Copies)
    {
        for (var n = 1; n <= keys; n++)
        {
            var version = LastUpdated(n);
            yield return new TimeEntryRow(tenant, n, version, SecondLoad, null, true);
            for (var c = 0; c < copies; c++)
            {
                yield return new TimeEntryRow(tenant, n, version, FirstLoad, SecondLoad, false);
            }
        }
    }

    /// <summary>A clean history for each of <paramref name="keys"/> entries: two versions, the second current.</summary>
    public static IEnumerable<TimeEntryRow> CleanRows(string tenant, int keys, int firstEntry = 1)
    {
        for (var n = firstEntry; n < firstEntry + keys; n++)
        {
            var v1 = LastUpdated(n);
            var v2 = v1.AddDays(1);
            yield return new TimeEntryRow(tenant, n, v1, v1, v2, false, RecordVersion: 1);
            yield return new TimeEntryRow(tenant, n, v2, v2, null, true, Variant: 1, RecordVersion: 2);
        }
    }

    /// <summary>The version (last_updated) of entry <paramref name="n"/>: two days after it was entered.</summary>
    public static DateTime LastUpdated(int n) => TimeEntries.DateEntered(n).AddDays(2);
}
