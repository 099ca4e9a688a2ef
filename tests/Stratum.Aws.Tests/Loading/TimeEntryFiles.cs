using Stratum.Contracts;

namespace Stratum.Aws.Tests.Loading;

/// <summary>
/// Generated time-entry files like the incident's: hourly syncs in which some entries change and
/// some are re-sent unchanged, a file re-delivered under a second name, and a late file whose
/// versions slot into the middle of history. Same seed, same files.
/// </summary>
internal static class TimeEntryFiles
{
    public static readonly TableContract Contract = ContractLoader.Parse("""
        table: time_entries
        scd_type: 2
        key: [id]
        event_time: last_updated
        columns:
          id: string
          last_updated: timestamp
          member: string?
          hours: float64?
          notes: string?
        """, "test");

    private static readonly DateTime T0 = new(2025, 6, 1, 8, 0, 0, DateTimeKind.Utc);

    public static List<(string Name, List<object?[]> Rows)> Generate(int keys, int syncs, int seed)
    {
        var random = new Random(seed);
        var state = Enumerable.Range(0, keys).Select(k => (Member: $"m{k % 7}", Hours: 1.0 + (k % 5), Notes: $"entry {k}")).ToArray();
        var files = new List<(string, List<object?[]>)>();
        for (var s = 0; s < syncs; s++)
        {
            var rows = new List<object?[]>();
            for (var k = 0; k < keys; k++)
            {
                if (random.NextDouble() > 0.4)
                {
                    continue;
                }
                if (random.NextDouble() < 0.5)
                {
                    state[k] = (state[k].Member, Math.Round(state[k].Hours + 0.25, 2), $"entry {k} v{s}");
                }
                rows.Add(Row(k, T0.AddHours(s).AddMinutes(k % 50), state[k]));
            }
            files.Add(($"sync-{s:D3}.csv", rows));
        }
        files.Add(("sync-003-redelivered.csv", files[3].Item2));
        var late = Enumerable.Range(0, keys).Where(k => k % 9 == 0)
            .Select(k => Row(k, T0.AddHours(1).AddMinutes(55), ($"late{k % 3}", 0.5, "late correction"))).ToList();
        files.Add(("late-from-hour-1.csv", late));
        return files;
    }

    private static object?[] Row(int k, DateTime at, (string Member, double Hours, string Notes) v)
        => [$"te-{k:D5}", at, v.Member, v.Hours, v.Notes];
}
