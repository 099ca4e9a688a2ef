namespace Stratum.State;

/// <summary>The text of each <see cref="LoadOutcome"/> (as stored and shown), and the questions callers ask of one.</summary>
public static class LoadOutcomes
{
    private static readonly LoadOutcome[] All = Enum.GetValues<LoadOutcome>();

    /// <summary><c>loaded</c>, <c>nothing-pending</c>, <c>skipped-lease-held</c>, <c>lost-lease</c>, <c>failed</c>, <c>stopped</c> or <c>skipped-breaker-open</c>.</summary>
    public static string Text(this LoadOutcome outcome) => outcome switch
    {
        LoadOutcome.Loaded => "loaded",
        LoadOutcome.NothingPending => "nothing-pending",
        LoadOutcome.SkippedLeaseHeld => "skipped-lease-held",
        LoadOutcome.LostLease => "lost-lease",
        LoadOutcome.Failed => "failed",
        LoadOutcome.Stopped => "stopped",
        LoadOutcome.SkippedBreakerOpen => "skipped-breaker-open",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>The outcome a stored text names.</summary>
    public static LoadOutcome Parse(string text)
    {
        foreach (var outcome in All)
        {
            if (outcome.Text() == text)
            {
                return outcome;
            }
        }
        throw new StratumException($"the run log holds an unknown outcome '{text}'; known: {string.Join(", ", All.Select(Text))}");
    }

    /// <summary>The run did not finish its work: it failed or lost its lease (files may stay pending).</summary>
    public static bool IsProblem(this LoadOutcome outcome) => outcome is LoadOutcome.Failed or LoadOutcome.LostLease;

    /// <summary>
    /// The pass did not try the stream (another worker held its lease, or its breaker is open):
    /// not a load, so left out of load counts and success rates.
    /// </summary>
    public static bool IsSkip(this LoadOutcome outcome) => outcome is LoadOutcome.SkippedLeaseHeld or LoadOutcome.SkippedBreakerOpen;
}
