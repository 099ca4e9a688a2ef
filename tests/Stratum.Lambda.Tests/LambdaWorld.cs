using System.Globalization;
using System.Text;

namespace Stratum.Lambda.Tests;

/// <summary>
/// A function's files on disk: the time-entry contract and, for the local adapters, a landing
/// folder of CSV files the test writes (hourly syncs of a few keys, each a new version or a
/// re-sent one), with a SQLite state store and a DuckDB warehouse beside them.
/// </summary>
public sealed class LambdaWorld : IDisposable
{
    public const string Contract = """
        table: time_entries
        scd_type: 2
        key: [id]
        event_time: last_updated
        columns:
          id: string
          last_updated: timestamp
          member: string?
          hours: float64?
        """;

    private static readonly DateTime T0 = new(2025, 6, 1, 8, 0, 0, DateTimeKind.Utc);

    public LambdaWorld()
    {
        Dir = Directory.CreateTempSubdirectory("stratum-lambda-").FullName;
        Directory.CreateDirectory(Path.Combine(Dir, "contracts"));
        File.WriteAllText(Path.Combine(Dir, "contracts", "time_entries.yaml"), Contract);
        Directory.CreateDirectory(Path.Combine(Dir, "landing"));
    }

    public string Dir { get; }

    /// <summary>The function's environment on the embedded adapters (a local folder, SQLite, DuckDB).</summary>
    public Dictionary<string, string> LocalEnvironment() => new()
    {
        ["STRATUM_OBJECTS"] = "file://./landing",
        ["STRATUM_STATE"] = "sqlite://./state.db",
        ["STRATUM_WAREHOUSE"] = "duckdb://./warehouse.duckdb",
        ["STRATUM_CONTRACTS"] = "./contracts",
        ["STRATUM_TENANTS"] = "auto",
    };

    /// <summary>
    /// The CSV text of sync <paramref name="sync"/>: each of <paramref name="keys"/> keys gets a new
    /// version every other sync and is re-sent unchanged otherwise. Same arguments, same bytes.
    /// </summary>
    public static string SyncCsv(int sync, int keys)
    {
        var csv = new StringBuilder("id,last_updated,member,hours\n");
        for (var k = 0; k < keys; k++)
        {
            var version = (sync + k) / 2; // changes every other sync
            csv.Append(CultureInfo.InvariantCulture, $"e{k},{T0.AddHours(version):yyyy-MM-dd'T'HH:mm:ss'Z'},m{k % 3},{1 + version}\n");
        }
        return csv.ToString();
    }

    /// <summary>The distinct versions (key, effective time) the syncs hold, computed from the files' text, not by Stratum.</summary>
    public static HashSet<string> Versions(IEnumerable<string> csvs)
        => [.. csvs.SelectMany(c => c.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => string.Join('|', l.Split(',')[..2])))];

    public void Land(string tenant, string name, string csv)
    {
        var folder = Path.Combine(Dir, "landing", tenant, "canonical", "time_entries");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name), csv);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
