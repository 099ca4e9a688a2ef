using Microsoft.Extensions.Time.Testing;
using Stratum.Breaking;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Core.Tests.Breaking;

/// <summary>
/// The breaker as a pure state machine, on a fake clock: opens after N failed loads (only
/// <see cref="LoadOutcome.Failed"/> counts), skips until its back-off ends, gives one trial, closes
/// on success and re-opens with a doubled, jittered, capped back-off on failure.
/// </summary>
public sealed class BreakerMachineTests
{
    private static readonly StreamId Stream = new(TenantId.Parse("acme"), Identifier.Parse("tickets"));
    private static readonly BreakerPolicy NoJitter = new() { Failures = 3, Backoff = TimeSpan.FromMinutes(1), MaxBackoff = TimeSpan.FromHours(1), Jitter = 0 };
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 6, 21, 10, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Now => _clock.GetUtcNow();

    private BreakerStep After(BreakerState s, LoadOutcome outcome, string owner = "w1", BreakerPolicy? policy = null, double random = 0.5)
        => BreakerMachine.After(s, outcome, outcome == LoadOutcome.Failed ? "the warehouse refused" : null, owner, Now, policy ?? NoJitter, random);

    private BreakerState Fail(BreakerState s, int times, BreakerPolicy? policy = null)
    {
        for (var i = 0; i < times; i++)
        {
            s = After(s, LoadOutcome.Failed, policy: policy).Next ?? s;
        }
        return s;
    }

    [Fact]
    public void Opens_after_N_failed_loads_in_a_row_and_not_before()
    {
        var s = Fail(BreakerState.Closed(Stream), 2);
        Assert.Equal(2, s.ConsecutiveFailures);
        Assert.Equal(BreakerPhase.Closed, s.PhaseAt(Now));
        Assert.Equal(BreakerAction.Load, BreakerMachine.Decide(s, Now).Action);

        var step = After(s, LoadOutcome.Failed);
        var t = Assert.IsType<BreakerTransition>(step.Transition);
        Assert.Equal((BreakerPhase.Closed, BreakerPhase.Open), (t.From, t.To));
        Assert.Contains("3 failed loads in a row (last: the warehouse refused)", t.Reason, StringComparison.Ordinal);
        Assert.Equal(Now.AddMinutes(1), step.Next!.OpenUntil);
        Assert.Equal(Now, step.Next.OpenedAt);
        Assert.Equal(TimeSpan.FromMinutes(1), step.Next.Backoff);
    }

    [Fact]
    public void A_success_resets_the_count_and_a_closed_clean_breaker_is_not_written()
    {
        var s = Fail(BreakerState.Closed(Stream), 2);
        var reset = After(s, LoadOutcome.Loaded);
        Assert.Null(reset.Transition);
        Assert.Equal(0, reset.Next!.ConsecutiveFailures);
        Assert.Null(reset.Next.LastError);
        Assert.Same(BreakerStep.None, After(reset.Next, LoadOutcome.NothingPending)); // nothing to write on the common path
        Assert.Equal(BreakerPhase.Closed, Fail(reset.Next, 2).PhaseAt(Now)); // counting starts again
    }

    [Theory]
    [InlineData(LoadOutcome.SkippedLeaseHeld)]
    [InlineData(LoadOutcome.LostLease)]
    [InlineData(LoadOutcome.Stopped)]
    [InlineData(LoadOutcome.SkippedBreakerOpen)]
    public void Outcomes_that_are_neither_failure_nor_success_change_nothing(LoadOutcome outcome)
    {
        var s = Fail(BreakerState.Closed(Stream), 2);
        Assert.Same(BreakerStep.None, After(s, outcome));
        Assert.Equal(BreakerPhase.Open, Fail(s, 1).PhaseAt(Now)); // the count was kept: one more failure opens it
    }

    [Fact]
    public void An_open_breaker_skips_until_its_back_off_ends_then_gives_one_trial()
    {
        var open = Fail(BreakerState.Closed(Stream), 3);
        var skip = BreakerMachine.Decide(open, Now);
        Assert.Equal(BreakerAction.Skip, skip.Action);
        Assert.Equal(Now.AddMinutes(1), skip.Until);
        Assert.Contains("open until 2025-06-21 10:01:00Z after 3 failed loads in a row (last: the warehouse refused)", skip.Reason, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(BreakerAction.Skip, BreakerMachine.Decide(open, Now).Action);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(BreakerPhase.HalfOpen, open.PhaseAt(Now));
        Assert.Equal(BreakerAction.Trial, BreakerMachine.Decide(open, Now).Action);

        var claim = BreakerMachine.ClaimTrial(open, "w2", Now, TimeSpan.FromMinutes(2));
        Assert.Equal((BreakerPhase.Open, BreakerPhase.HalfOpen), (claim.Transition!.From, claim.Transition.To));
        var others = BreakerMachine.Decide(claim.Next!, Now);
        Assert.Equal(BreakerAction.Skip, others.Action); // while the trial runs, every other worker skips
        Assert.Contains("trial load by w2 is running", others.Reason, StringComparison.Ordinal);
        Assert.Same(BreakerStep.None, BreakerMachine.ClaimTrial(claim.Next!, "w3", Now, TimeSpan.FromMinutes(2)));

        _clock.Advance(TimeSpan.FromMinutes(2)); // the trial's worker died: its claim lapses
        Assert.Equal(BreakerAction.Trial, BreakerMachine.Decide(claim.Next!, Now).Action);
    }

    [Fact]
    public void A_successful_trial_closes_the_breaker_and_forgets_the_failures()
    {
        var open = Fail(BreakerState.Closed(Stream), 3);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var trial = BreakerMachine.ClaimTrial(open, "w1", Now, TimeSpan.FromMinutes(2)).Next! with { Version = 4 };
        var step = After(trial, LoadOutcome.Loaded);
        Assert.Equal((BreakerPhase.HalfOpen, BreakerPhase.Closed), (step.Transition!.From, step.Transition.To));
        Assert.Contains("the trial load by w1 succeeded", step.Transition.Reason, StringComparison.Ordinal);
        Assert.Equal(BreakerState.Closed(Stream) with { Version = 4, ChangedAt = Now }, step.Next); // written over the version read
        Assert.Equal(BreakerAction.Load, BreakerMachine.Decide(step.Next!, Now).Action);
    }

    [Fact]
    public void Each_failed_trial_doubles_the_back_off_up_to_the_ceiling()
    {
        var policy = NoJitter with { MaxBackoff = TimeSpan.FromMinutes(5) };
        var s = Fail(BreakerState.Closed(Stream), 3, policy);
        var waits = new List<TimeSpan> { s.OpenUntil!.Value - Now };
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(s.OpenUntil!.Value - Now);
            s = BreakerMachine.ClaimTrial(s, "w1", Now, TimeSpan.FromMinutes(2)).Next!;
            var step = After(s, LoadOutcome.Failed, policy: policy);
            Assert.Equal((BreakerPhase.HalfOpen, BreakerPhase.Open), (step.Transition!.From, step.Transition.To));
            s = step.Next!;
            Assert.Null(s.TrialOwner);
            waits.Add(s.OpenUntil!.Value - Now);
        }
        Assert.Equal([1, 2, 4, 5, 5, 5], waits.Select(w => w.TotalMinutes));
        Assert.Equal(8, s.ConsecutiveFailures);
        Assert.Equal(new DateTimeOffset(2025, 6, 21, 10, 0, 0, TimeSpan.Zero), s.OpenedAt); // open since the first opening
    }

    [Fact]
    public void Jitter_spreads_the_wait_by_the_share_and_never_past_the_ceiling()
    {
        var policy = NoJitter with { Jitter = 0.2 };
        Assert.Equal(TimeSpan.FromSeconds(48), BreakerMachine.Wait(TimeSpan.FromMinutes(1), policy, 0));
        Assert.Equal(TimeSpan.FromSeconds(60), BreakerMachine.Wait(TimeSpan.FromMinutes(1), policy, 0.5));
        Assert.Equal(TimeSpan.FromMilliseconds(71_997), BreakerMachine.Wait(TimeSpan.FromMinutes(1), policy, 0.9999));
        Assert.Equal(TimeSpan.FromHours(1), BreakerMachine.Wait(TimeSpan.FromHours(1), policy, 0.9));
        Assert.Equal(TimeSpan.FromMinutes(48), BreakerMachine.Wait(TimeSpan.FromHours(1), policy, 0));

        var seeded = new Random(42);
        var waits = Enumerable.Range(0, 200).Select(_ => BreakerMachine.Wait(TimeSpan.FromMinutes(10), policy, seeded.NextDouble())).ToList();
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(12)));
        Assert.True(waits.Distinct().Count() > 150, "a seeded draw spreads the waits");
        var again = new Random(42);
        Assert.Equal(waits, Enumerable.Range(0, 200).Select(_ => BreakerMachine.Wait(TimeSpan.FromMinutes(10), policy, again.NextDouble()))); // deterministic per seed
    }

    [Fact]
    public void A_trial_that_did_not_load_gives_its_claim_back_and_the_breaker_stays_half_open()
    {
        var open = Fail(BreakerState.Closed(Stream), 3);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var trial = BreakerMachine.ClaimTrial(open, "w1", Now, TimeSpan.FromMinutes(2)).Next!;
        var step = After(trial, LoadOutcome.SkippedLeaseHeld);
        Assert.Null(step.Transition);
        Assert.Null(step.Next!.TrialOwner);
        Assert.Equal(BreakerAction.Trial, BreakerMachine.Decide(step.Next, Now).Action);
        Assert.Same(BreakerStep.None, After(trial, LoadOutcome.SkippedLeaseHeld, owner: "w9")); // not its claim: left alone
    }

    [Fact]
    public void Closing_by_hand_closes_any_phase_and_forgets_the_count()
    {
        var open = Fail(BreakerState.Closed(Stream), 3) with { Version = 2 };
        var step = BreakerMachine.Close(open, "ops", Now);
        Assert.Equal((BreakerPhase.Open, BreakerPhase.Closed), (step.Transition!.From, step.Transition.To));
        Assert.Equal("closed by hand (ops)", step.Transition.Reason);
        Assert.Equal(BreakerState.Closed(Stream) with { Version = 2, ChangedAt = Now }, step.Next);
        Assert.Same(BreakerStep.None, BreakerMachine.Close(BreakerState.Closed(Stream), "ops", Now));
        var counting = BreakerMachine.Close(Fail(BreakerState.Closed(Stream), 1), "ops", Now);
        Assert.Null(counting.Transition);
        Assert.Equal(0, counting.Next!.ConsecutiveFailures);
    }

    [Fact]
    public void A_policy_with_failures_0_never_opens()
    {
        var s = Fail(BreakerState.Closed(Stream), 10, BreakerPolicy.Off);
        Assert.Equal(BreakerPhase.Closed, s.PhaseAt(Now));
        Assert.Empty(BreakerPolicy.Default.Problems());
        Assert.NotEmpty((BreakerPolicy.Default with { MaxBackoff = TimeSpan.FromSeconds(1) }).Problems());
        Assert.NotEmpty((BreakerPolicy.Default with { Jitter = 1 }).Problems());
    }

    [Fact]
    public void Times_are_kept_to_the_millisecond_as_every_store_keeps_them()
    {
        _clock.Advance(TimeSpan.FromTicks(12_345));
        var s = Fail(BreakerState.Closed(Stream), 3, NoJitter with { Jitter = 0.2 });
        Assert.Equal(0, s.OpenUntil!.Value.UtcTicks % TimeSpan.TicksPerMillisecond);
        Assert.Equal(0, s.OpenedAt!.Value.UtcTicks % TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public void A_long_error_is_kept_short_in_the_breaker()
    {
        var s = BreakerMachine.After(BreakerState.Closed(Stream), LoadOutcome.Failed, new string('x', 5000), "w1", Now, NoJitter, 0.5).Next!;
        Assert.Equal(BreakerMachine.ErrorKept + 1, s.LastError!.Length);
    }
}
