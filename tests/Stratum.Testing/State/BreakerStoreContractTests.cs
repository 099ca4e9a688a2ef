using Stratum.Breaking;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Testing.State;

/// <summary>
/// What every <see cref="IBreakerStore"/> must do: a breaker reads back whole, a write holds only
/// over the version read (so of many workers claiming one trial load exactly one wins), every
/// handle on one store sees the same breakers, and the open ones are listed.
/// </summary>
public abstract class BreakerStoreContractTests<TFactory> : StateStoreSuite<TFactory> where TFactory : IStateStoreFactory, new()
{
    private static readonly StreamId Other = new(TenantId.Parse("globex"), Identifier.Parse("tickets"));
    private static readonly StreamId Third = new(TenantId.Parse("initech"), Identifier.Parse("contacts"));

    private BreakerState Open(StreamId stream, long version = 0) => new()
    {
        Stream = stream,
        ConsecutiveFailures = 3,
        OpenedAt = Clock.GetUtcNow(),
        OpenUntil = Clock.GetUtcNow().AddMinutes(1),
        Backoff = TimeSpan.FromMinutes(1),
        LastError = "the warehouse refused: Code: 241. DB::Exception: Memory limit (total) exceeded",
        ChangedAt = Clock.GetUtcNow(),
        Version = version,
    };

    [SkippableFact]
    public async Task A_stream_without_a_breaker_reads_closed_at_version_0()
    {
        await using var s = await CreateAsync();
        var b = await s.GetBreakerAsync(Stream, default);
        Assert.Equal(BreakerState.Closed(Stream), b);
        Assert.False(b.IsOpen);
        Assert.Empty(await s.ListOpenBreakersAsync(default));
    }

    [SkippableFact]
    public async Task A_breaker_reads_back_whole_and_each_write_adds_one_to_its_version()
    {
        await using var s = await CreateAsync();
        var open = Open(Stream);
        var written = await s.TryWriteBreakerAsync(open, default);
        Assert.Equal(open with { Version = 1 }, written);
        Assert.Equal(written, await s.GetBreakerAsync(Stream, default));

        var trial = written! with { TrialOwner = "w2", TrialUntil = Clock.GetUtcNow().AddMinutes(2) };
        Assert.Equal(trial with { Version = 2 }, await s.TryWriteBreakerAsync(trial, default));
        Assert.Equal(trial with { Version = 2 }, await s.GetBreakerAsync(Stream, default));

        var closed = BreakerState.Closed(Stream) with { Version = 2, ChangedAt = Clock.GetUtcNow() };
        Assert.Equal(closed with { Version = 3 }, await s.TryWriteBreakerAsync(closed, default));
        Assert.Equal(closed with { Version = 3 }, await s.GetBreakerAsync(Stream, default)); // a closed breaker is kept: versions never restart
    }

    [SkippableFact]
    public async Task A_write_over_a_stale_version_is_refused_and_changes_nothing()
    {
        await using var s = await CreateAsync();
        var first = await s.TryWriteBreakerAsync(Open(Stream), default);
        Assert.NotNull(first);
        Assert.Null(await s.TryWriteBreakerAsync(Open(Stream) with { ConsecutiveFailures = 9 }, default)); // version 0 again: another worker's first write
        Assert.Null(await s.TryWriteBreakerAsync(first with { ConsecutiveFailures = 9, Version = 7 }, default)); // a version never written
        Assert.Equal(first, await s.GetBreakerAsync(Stream, default));
        Assert.Equal(BreakerState.Closed(Other), await s.GetBreakerAsync(Other, default)); // one stream's breaker is its own
    }

    [SkippableFact]
    public async Task Two_handles_on_one_store_see_the_same_breaker()
    {
        await using var a = await CreateAsync();
        await using var b = await OpenAgainAsync(a);
        var written = await a.TryWriteBreakerAsync(Open(Stream), default);
        Assert.Equal(written, await b.GetBreakerAsync(Stream, default));
        var closed = await b.TryWriteBreakerAsync(BreakerState.Closed(Stream) with { Version = written!.Version }, default);
        Assert.NotNull(closed);
        Assert.Equal(closed, await a.GetBreakerAsync(Stream, default));
        Assert.Null(await a.TryWriteBreakerAsync(written with { ConsecutiveFailures = 4 }, default)); // what a read before b's write allowed
    }

    [SkippableFact]
    public async Task Of_many_workers_claiming_the_one_trial_load_exactly_one_wins()
    {
        await using var s = await CreateAsync();
        var due = await s.TryWriteBreakerAsync(Open(Stream), default);
        Clock.Advance(TimeSpan.FromMinutes(2)); // the back-off is over: half-open
        var handles = new List<IStateStore> { s };
        for (var i = 1; i < 6; i++)
        {
            handles.Add(await OpenAgainAsync(s));
        }
        try
        {
            var read = await Task.WhenAll(handles.Select(h => h.GetBreakerAsync(Stream, default)));
            Assert.All(read, r => Assert.Equal(due, r));
            var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
                handles[i % handles.Count].TryWriteBreakerAsync(
                    BreakerMachine.ClaimTrial(read[i % read.Length], $"w{i}", Clock.GetUtcNow(), Ttl).Next!, default))));
            var winner = Assert.Single(claims, c => c is not null);
            Assert.Equal(winner, await s.GetBreakerAsync(Stream, default));
            Assert.StartsWith("w", winner!.TrialOwner, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var h in handles.Skip(1))
            {
                await h.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task Open_and_half_open_breakers_are_listed_closed_ones_are_not()
    {
        await using var s = await CreateAsync();
        await s.TryWriteBreakerAsync(Open(Other), default);
        await s.TryWriteBreakerAsync(Open(Stream), default);
        await s.TryWriteBreakerAsync(BreakerState.Closed(Third) with { ConsecutiveFailures = 2, LastError = "boom" }, default); // counting, not open
        Clock.Advance(TimeSpan.FromMinutes(5)); // past their back-off: half-open, still listed
        var open = await s.ListOpenBreakersAsync(default);
        Assert.Equal([Stream, Other], open.Select(b => b.Stream));
        Assert.All(open, b => Assert.Equal(BreakerPhase.HalfOpen, b.PhaseAt(Clock.GetUtcNow())));

        var other = open.Single(b => b.Stream == Other);
        await s.TryWriteBreakerAsync(BreakerState.Closed(Other) with { Version = other.Version }, default);
        Assert.Equal([Stream], (await s.ListOpenBreakersAsync(default)).Select(b => b.Stream));
    }

    /// <summary>Two workers, each with its own handle on the store: the breaker they share opens, skips, gives one trial and closes.</summary>
    [SkippableFact]
    public async Task Two_workers_share_one_breaker_through_the_store()
    {
        await using var a = await CreateAsync();
        await using var b = await OpenAgainAsync(a);
        var policy = new BreakerPolicy { Failures = 3, Backoff = TimeSpan.FromMinutes(1), Jitter = 0 };
        var one = new StreamBreaker(a, policy, Clock, Ttl);
        var two = new StreamBreaker(b, policy, Clock, Ttl);

        // Failed loads of either worker count in a row; the third opens the breaker.
        foreach (var (breaker, owner) in new[] { (one, "w1"), (two, "w2"), (one, "w1") })
        {
            var gate = await breaker.EnterAsync(Stream, owner, default);
            Assert.Equal(BreakerAction.Load, gate.Decision.Action);
            await breaker.RecordAsync(gate, Run(owner, LoadOutcome.Failed), default);
        }
        Assert.True((await b.GetBreakerAsync(Stream, default)).IsOpen);
        Assert.True((await one.EnterAsync(Stream, "w1", default)).Skip);
        var skipped = await two.EnterAsync(Stream, "w2", default);
        Assert.True(skipped.Skip);
        Assert.Equal(Clock.GetUtcNow().AddMinutes(1), skipped.Decision.Until);

        // After the back-off both try at once: one gets the trial, the other skips while it runs.
        Clock.Advance(TimeSpan.FromMinutes(1));
        var gates = await Task.WhenAll(Task.Run(() => one.EnterAsync(Stream, "w1", default)), Task.Run(() => two.EnterAsync(Stream, "w2", default)));
        var trial = Assert.Single(gates, g => g.Trial);
        Assert.Single(gates, g => g.Skip);
        Assert.Contains("trial load by " + trial.Owner, gates.Single(g => g.Skip).Decision.Reason, StringComparison.Ordinal);

        var closing = await (trial.Owner == "w1" ? one : two).RecordAsync(trial, Run(trial.Owner, LoadOutcome.Loaded), default);
        Assert.Equal((BreakerPhase.HalfOpen, BreakerPhase.Closed), (closing!.From, closing.To));
        Assert.Equal(BreakerAction.Load, (await one.EnterAsync(Stream, "w1", default)).Decision.Action);
        Assert.Equal(BreakerAction.Load, (await two.EnterAsync(Stream, "w2", default)).Decision.Action);
        Assert.Equal(0, (await a.GetBreakerAsync(Stream, default)).ConsecutiveFailures);
    }

    private RunRecord Run(string owner, LoadOutcome outcome) => new()
    {
        LoadId = Guid.NewGuid().ToString("N"),
        Stream = Stream,
        Owner = owner,
        Started = Clock.GetUtcNow(),
        Finished = Clock.GetUtcNow(),
        Outcome = outcome,
        Error = outcome == LoadOutcome.Failed ? "the warehouse refused the publish" : null,
    };
}
