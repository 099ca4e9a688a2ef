using System.Diagnostics;

namespace Stratum.Simulation.Chaos;

/// <summary>
/// A fault campaign's settings. Adapter URLs are the real servers; the campaign puts its proxies
/// in front of ClickHouse and S3 and gives the worker processes the proxies' URLs.
/// </summary>
public sealed record ChaosSettings
{
    public int Rounds { get; init; } = 10;
    public int Seed { get; init; } = 42;

    /// <summary>Replay exactly one round by its own seed (printed by every round).</summary>
    public int? RoundSeed { get; init; }

    /// <summary>The campaign's folder (project files, landing folder, SQLite, DuckDB).</summary>
    public required string Dir { get; init; }

    public string? Objects { get; init; }
    public string? State { get; init; }
    public string? Warehouse { get; init; }

    /// <summary>Worker processes started per wave.</summary>
    public int Workers { get; init; } = 3;
    public int Waves { get; init; } = 3;
    public int Records { get; init; } = 120;
    public int Syncs { get; init; } = 6;

    /// <summary>The workers' lease TTL (<c>load.lease_ttl</c>): short, so a stopped or killed worker's lease expires within the round.</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Share of proxied requests given a fault during the chaos phase.</summary>
    public double NetworkFaultRate { get; init; } = 0.08;

    /// <summary>Bound on each phase of a round (chaos, drain): workers still running then are SIGCONTed and SIGKILLed.</summary>
    public TimeSpan PhaseTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Starts this tool as a child process with the given arguments.</summary>
    public required Func<IEnumerable<string>, ProcessStartInfo> NewProcess { get; init; }

    /// <summary>The seed of round <paramref name="round"/> (1-based) of a campaign: a replay of <c>--seed S --rounds R</c> repeats rounds 1..R.</summary>
    public static int DeriveRoundSeed(int campaignSeed, int round)
    {
        unchecked
        {
            var h = (uint)campaignSeed * 2654435761u ^ (uint)round * 40503u;
            h ^= h >> 15;
            h *= 2246822519u;
            h ^= h >> 13;
            return (int)(h & 0x7fffffff);
        }
    }
}
