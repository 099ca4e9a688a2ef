using System.Net;
using Stratum.Hosting.Checks;
using Stratum.Hosting.Serve.Scheduling;

namespace Stratum.Hosting.Serve;

/// <summary>How <c>stratum serve</c> runs: where it listens, when it loads, how it stops.</summary>
public sealed record ServeSettings
{
    public required IPEndPoint Listen { get; init; }
    public required ISchedule Schedule { get; init; }

    /// <summary>The thresholds of the checks run after each pass (the project's, with the command's options applied).</summary>
    public CheckPolicy Checks { get; init; } = CheckPolicy.Default;
    public TimeSpan Jitter { get; init; }
    public int Parallel { get; init; } = 4;

    /// <summary>How long a shutdown waits for the batches in flight to be published and recorded.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromMinutes(2);

    public bool JsonLogs { get; init; }

    /// <summary>The dashboard's refresh period.</summary>
    public TimeSpan Refresh { get; init; } = TimeSpan.FromSeconds(5);
}
