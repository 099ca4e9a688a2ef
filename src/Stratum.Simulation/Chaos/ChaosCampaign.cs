using System.Diagnostics;

namespace Stratum.Simulation.Chaos;

/// <summary>
/// A Jepsen-style fault campaign: <see cref="ChaosSettings.Rounds"/> rounds, each with its own seed
/// derived from the campaign's, each a fresh stream loaded by worker processes under SIGKILL,
/// SIGSTOP and network faults (<see cref="ChaosRound"/>). It stops at the first failed round, so
/// the seed and the diff printed are the ones to replay.
/// </summary>
public static class ChaosCampaign
{
    public static async Task<ChaosSummary> RunAsync(ChaosSettings settings, Action<RoundResult>? onRound, Action<string>? log, CancellationToken ct)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new ConfigException("simulate --chaos sends POSIX signals (SIGKILL, SIGSTOP, SIGCONT) to its workers: run it on Linux or macOS");
        }
        Directory.CreateDirectory(settings.Dir);
        ExampleContracts.WriteTo(Path.Combine(settings.Dir, "contracts"), overwrite: false);
        var nonce = Guid.NewGuid().ToString("N")[..6]; // tenant names never collide with an earlier campaign's in a shared warehouse
        var sw = Stopwatch.StartNew();
        var rounds = new List<RoundResult>();
        var plan = settings.RoundSeed is { } only
            ? [(1, only)]
            : Enumerable.Range(1, settings.Rounds).Select(r => (r, ChaosSettings.DeriveRoundSeed(settings.Seed, r))).ToList();
        foreach (var (round, seed) in plan)
        {
            ct.ThrowIfCancellationRequested();
            var result = await new ChaosRound(settings, round, seed, nonce, log).RunAsync(ct);
            rounds.Add(result);
            onRound?.Invoke(result);
            if (!result.Passed)
            {
                break;
            }
        }
        var faults = new FaultCounter();
        foreach (var r in rounds)
        {
            faults.AddAll(r.Faults);
        }
        var failed = rounds.FirstOrDefault(r => !r.Passed);
        return new ChaosSummary(
            settings.Seed, settings.RoundSeed, rounds.Count, rounds.Count(r => r.Passed),
            settings.Objects ?? "file (local folder)", settings.State ?? "sqlite (local file)", settings.Warehouse ?? "duckdb (local file)",
            faults.Snapshot(), faults.Total,
            rounds.Sum(r => r.Files), rounds.Sum(r => r.FilesLanded), rounds.Sum(r => r.ExpectedVersions), rounds.Sum(r => r.RowsInTable),
            rounds.Sum(r => r.Lost), rounds.Sum(r => r.Duplicates), rounds.Sum(r => r.Unexpected), rounds.Sum(r => r.Violations),
            rounds.Count(r => !r.Drained), rounds.Count(r => !r.RerunUnchanged),
            Outcomes(rounds), sw.Elapsed.TotalSeconds, settings.Dir, failed, rounds);
    }

    private static SortedDictionary<string, int> Outcomes(List<RoundResult> rounds)
    {
        var all = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (k, v) in rounds.SelectMany(r => r.Outcomes))
        {
            all[k] = all.GetValueOrDefault(k) + v;
        }
        return all;
    }
}

/// <summary>What a campaign found. <see cref="Passed"/>: every round held every version once, with a correct history, and a re-run changed nothing.</summary>
public sealed record ChaosSummary(
    int Seed,
    int? RoundSeed,
    int Rounds,
    int RoundsPassed,
    string Objects,
    string State,
    string Warehouse,
    IReadOnlyDictionary<string, int> Faults,
    int FaultsTotal,
    int Files,
    int FilesLanded,
    int Versions,
    int RowsInTables,
    int Lost,
    int Duplicates,
    int Unexpected,
    int Violations,
    int RoundsNotDrained,
    int RerunsThatChanged,
    IReadOnlyDictionary<string, int> WorkerOutcomes,
    double Seconds,
    string Folder,
    RoundResult? FirstFailure,
    IReadOnlyList<RoundResult> RoundResults)
{
    public bool Passed => RoundsPassed == Rounds && Rounds > 0;
}
