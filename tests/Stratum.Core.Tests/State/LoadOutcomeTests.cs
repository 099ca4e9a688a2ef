using System.Text.Json;
using Stratum.State;

namespace Stratum.Core.Tests.State;

/// <summary>The outcome was a string in the run log, in metrics and in <c>--json</c>; as an enum it keeps those texts.</summary>
public sealed class LoadOutcomeTests
{
    public static TheoryData<LoadOutcome, string> Texts => new()
    {
        { LoadOutcome.Loaded, "loaded" },
        { LoadOutcome.NothingPending, "nothing-pending" },
        { LoadOutcome.SkippedLeaseHeld, "skipped-lease-held" },
        { LoadOutcome.LostLease, "lost-lease" },
        { LoadOutcome.Failed, "failed" },
        { LoadOutcome.Stopped, "stopped" },
        { LoadOutcome.SkippedBreakerOpen, "skipped-breaker-open" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Each_outcome_keeps_its_stored_text_and_parses_back(LoadOutcome outcome, string text)
    {
        Assert.Equal(text, outcome.Text());
        Assert.Equal(outcome, LoadOutcomes.Parse(text));
        Assert.Equal($"\"{text}\"", JsonSerializer.Serialize(outcome)); // the type's own converter, whatever the options
        Assert.Equal(outcome, JsonSerializer.Deserialize<LoadOutcome>($"\"{text}\""));
    }

    [Fact]
    public void Every_outcome_has_a_text()
        => Assert.Equal(Enum.GetValues<LoadOutcome>().Length, Texts.Count);

    [Fact]
    public void An_unknown_stored_outcome_is_named_in_the_error()
    {
        var e = Assert.Throws<StratumException>(() => LoadOutcomes.Parse("Loaded"));
        Assert.Contains("'Loaded'", e.Message, StringComparison.Ordinal);
        Assert.Contains("nothing-pending", e.Message, StringComparison.Ordinal);
    }
}
