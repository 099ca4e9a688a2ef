namespace Stratum.Breaking;

/// <summary>
/// When a stream's circuit breaker opens and how long it stays open (docs/operations.md, "Circuit
/// breaker"): after <see cref="Failures"/> failed loads in a row the stream is skipped for
/// <see cref="Backoff"/>, then one trial load runs; each failed trial doubles the back-off up to
/// <see cref="MaxBackoff"/>. Every wait is jittered by ±<see cref="Jitter"/> (never past the
/// ceiling), so streams that failed together do not try again together. <see cref="Failures"/> 0
/// turns the breaker off.
/// </summary>
public sealed record BreakerPolicy
{
    /// <summary>3 failures, 1 minute, 1 hour, ±20%.</summary>
    public static BreakerPolicy Default { get; } = new();

    /// <summary>No breaker: every pass loads every stream.</summary>
    public static BreakerPolicy Off { get; } = new() { Failures = 0 };

    /// <summary>Failed loads in a row that open the breaker; 0 turns it off.</summary>
    public int Failures { get; init; } = 3;

    /// <summary>The first back-off.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The ceiling of the back-off.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Each wait is the back-off times a random factor in [1 − Jitter, 1 + Jitter).</summary>
    public double Jitter { get; init; } = 0.2;

    public bool Enabled => Failures > 0;

    /// <summary>The policy's problems, as sentences (empty when it is valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Failures < 0)
        {
            problems.Add($"failures must be 0 (off) or more, not {Failures}");
        }
        if (Backoff <= TimeSpan.Zero)
        {
            problems.Add("backoff must be longer than 0");
        }
        if (MaxBackoff < Backoff)
        {
            problems.Add($"max_backoff ({MaxBackoff}) must be at least backoff ({Backoff})");
        }
        if (Jitter is < 0 or >= 1 || double.IsNaN(Jitter))
        {
            problems.Add($"jitter must be at least 0 and less than 1, not {Jitter}");
        }
        return problems;
    }
}
