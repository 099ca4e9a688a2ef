using System.Globalization;
using Stratum.Adapters;
using Stratum.Contracts;
using Stratum.Formats;
using Stratum.Hashing;
using Stratum.Invariants;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Reading;
using Stratum.Warehouse;

namespace Stratum.Simulation.Chaos;

/// <summary>
/// The independent reference: every file that landed (as the object store lists it, each key once)
/// read with the loader's readers and planned at once from an empty history — the planner does not
/// depend on order or on how files were split into batches — compared, version by version, with
/// what the table holds; plus the invariants over the table.
/// </summary>
public static class ChaosVerdict
{
    public sealed record Result(
        int Expected, int Actual, int Lost, int Unexpected, int Duplicates, int Violations,
        IReadOnlyList<string> MissingSample, IReadOnlyList<string> ExtraSample, IReadOnlyList<string> ViolationSample,
        IReadOnlyList<string> Fingerprint);

    private const int Samples = 5;

    public static async Task<Result> CheckAsync(TableContract contract, StreamId stream, string objectsUrl, string warehouseUrl, string dir, CancellationToken ct)
    {
        IReadOnlyList<VersionRow> actual;
        TimeSpan resolution;
        await using (var warehouse = AdapterFactory.Warehouse(warehouseUrl, dir, TimeProvider.System))
        {
            await warehouse.EnsureTableAsync(contract, ct); // a round whose every worker died before creating it reads an empty table
            actual = await warehouse.ReadAllAsync(contract, stream.Tenant, ct);
            resolution = warehouse.TimestampResolution;
        }

        var hasher = new RowHasher(contract);
        var incoming = new List<IncomingRow>();
        var options = new ReadOptions(resolution);
        await using (var objects = AdapterFactory.Objects(objectsUrl, dir))
        {
            var files = new List<Stratum.Objects.ObjectInfo>();
            await foreach (var f in objects.ListAsync(stream.Prefix, ct))
            {
                files.Add(f);
            }
            foreach (var file in files.DistinctBy(f => f.Key, StringComparer.Ordinal))
            {
                var reader = FileReaders.All.First(r => r.CanRead(file.Key));
                await using var content = await objects.OpenReadAsync(file, ct);
                await foreach (var values in reader.ReadAsync(content, file.Key, contract, options, ct))
                {
                    var eventTime = values[contract.EventTimeOrdinal] switch
                    {
                        DateTime t => t,
                        DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                        _ => throw new InvalidOperationException($"{file.Key}: a generated row without event time"),
                    };
                    var tombstone = contract.TombstoneOrdinal >= 0 && values[contract.TombstoneOrdinal] is true;
                    incoming.Add(new IncomingRow(RowKey.FromRow(contract, values), eventTime, tombstone ? "" : hasher.Hash(values), tombstone, values, file.Key));
                }
            }
        }
        var expected = new ScdPlanner(contract).Plan([], incoming, "reference").AllRows.ToList();

        var violations = InvariantChecker.Check(actual, new InvariantOptions(GapsAllowed: contract.HasDeletes));
        var duplicates = actual.GroupBy(r => (r.Key.Text, r.EffectiveDate, r.Hash)).Sum(g => g.Count() - 1);
        var expectedSet = expected.Select(Business).ToList();
        var actualSet = actual.Select(Business).ToList();
        var missing = Minus(expectedSet, actualSet);
        var extra = Minus(actualSet, expectedSet);
        return new Result(expected.Count, actual.Count, missing.Count, extra.Count, duplicates, violations.Count,
            [.. missing.Take(Samples).Select(m => Explain(m, extra))], [.. extra.Take(Samples).Select(Short)],
            [.. violations.Take(Samples).Select(v => v.ToString())], Fingerprint(actual));
    }

    /// <summary>
    /// A version as convergence promises it: values and SCD columns (lineage depends on which worker
    /// read a file first). Decimals compare by value (a warehouse may return 7.50 for a file's 7.5).
    /// </summary>
    public static string Business(VersionRow r)
        => $"{r.Key.Text}|{r.EffectiveDate:O}|{r.ExpirationDate:O}|{r.IsCurrent}|{r.Hash}|{r.RecordVersion}|{r.Hidden}|"
           + string.Join("\u001f", r.Values.Select(v => v switch
           {
               null => "∅",
               DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
               decimal m => m.ToString("0.############################", CultureInfo.InvariantCulture),
               IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
               _ => v.ToString(),
           }));

    /// <summary>Every row with its lineage, sorted: equal before and after a load means the load changed nothing.</summary>
    public static async Task<IReadOnlyList<string>> FingerprintAsync(TableContract contract, StreamId stream, string warehouseUrl, string dir, CancellationToken ct)
    {
        await using var warehouse = AdapterFactory.Warehouse(warehouseUrl, dir, TimeProvider.System);
        return Fingerprint(await warehouse.ReadAllAsync(contract, stream.Tenant, ct));
    }

    private static List<string> Fingerprint(IReadOnlyList<VersionRow> rows)
        => [.. rows.Select(r => $"{Business(r)}|{r.SourceFile}|{r.LoadId}").Order(StringComparer.Ordinal)];

    private static List<string> Minus(List<string> a, List<string> b)
    {
        var counts = b.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var left = new List<string>();
        foreach (var x in a)
        {
            if (counts.TryGetValue(x, out var n) && n > 0)
            {
                counts[x] = n - 1;
            }
            else
            {
                left.Add(x);
            }
        }
        return left;
    }

    /// <summary>A missing version, and where the table's version of the same key and effective date differs from it (if there is one).</summary>
    private static string Explain(string missing, List<string> extra)
    {
        var head = string.Join('|', missing.Split('|').Take(2));
        var twin = extra.FirstOrDefault(e => e.StartsWith(head + "|", StringComparison.Ordinal));
        if (twin is null)
        {
            return Short(missing);
        }
        var i = 0;
        while (i < missing.Length && i < twin.Length && missing[i] == twin[i])
        {
            i++;
        }
        var from = Math.Max(0, i - 20);
        return $"{head}: the table has it differently from character {i}: expected …{Slice(missing, from)}… table …{Slice(twin, from)}…";
    }

    private static string Slice(string s, int from) => s.Length <= from ? "" : s.Substring(from, Math.Min(80, s.Length - from));

    private static string Short(string version) => version.Length > 200 ? version[..200] + "…" : version;
}
