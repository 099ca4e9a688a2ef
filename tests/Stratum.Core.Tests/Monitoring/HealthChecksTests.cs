using Microsoft.Extensions.Time.Testing;
using Stratum.Monitoring;
using Stratum.Names;
using Stratum.Warehouse;

namespace Stratum.Core.Tests.Monitoring;

/// <summary>The thresholds, evaluated on a controllable clock.</summary>
public class HealthChecksTests
{
    private static readonly StreamId Stream = new(TenantId.Parse("acme"), Identifier.Parse("time_entries"));
    private static readonly DateTimeOffset Newest = new(2025, 6, 21, 10, 0, 0, TimeSpan.Zero);

    private static CheckResult Check(StreamHealth h, string check, TimeProvider clock, CheckThresholds? t = null)
        => HealthChecks.Evaluate(h, t ?? CheckThresholds.Default, clock.GetUtcNow()).Single(r => r.Check == check);

    [Fact]
    public void Freshness_passes_up_to_the_limit_and_fails_past_it()
    {
        var clock = new FakeTimeProvider(Newest);
        var h = new StreamHealth { Stream = Stream, FilesCommitted = 3, NewestData = Newest };
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True(Check(h, HealthChecks.Freshness, clock).Passed);
        clock.Advance(TimeSpan.FromMinutes(1));
        var atLimit = Check(h, HealthChecks.Freshness, clock);
        Assert.True(atLimit.Passed);
        Assert.Equal(3600, atLimit.Value);
        clock.Advance(TimeSpan.FromSeconds(1));
        var past = Check(h, HealthChecks.Freshness, clock);
        Assert.False(past.Passed);
        Assert.Equal("1h behind", past.Measured);
        Assert.Equal("<= 1h", past.Threshold);
        Assert.True(Check(h, HealthChecks.Freshness, clock, new CheckThresholds { MaxLag = TimeSpan.FromHours(2) }).Passed);
    }

    [Fact]
    public void A_stream_without_files_is_fresh_and_one_never_loaded_is_not()
    {
        var clock = new FakeTimeProvider(Newest);
        Assert.Equal("no data landed", Check(new StreamHealth { Stream = Stream }, HealthChecks.Freshness, clock).Measured);
        Assert.True(Check(new StreamHealth { Stream = Stream }, HealthChecks.Freshness, clock).Passed);
        var waiting = Check(new StreamHealth { Stream = Stream, FilesPending = 4, OldestPending = Newest }, HealthChecks.Freshness, clock);
        Assert.False(waiting.Passed);
        Assert.Equal("never loaded; 4 files pending", waiting.Measured);
    }

    [Fact]
    public void Latency_is_how_long_the_oldest_pending_file_has_waited()
    {
        var clock = new FakeTimeProvider(Newest);
        var h = new StreamHealth { Stream = Stream, FilesCommitted = 1, NewestData = Newest, FilesPending = 2, OldestPending = Newest };
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(Check(h, HealthChecks.Latency, clock).Passed);
        clock.Advance(TimeSpan.FromSeconds(1));
        var late = Check(h, HealthChecks.Latency, clock);
        Assert.False(late.Passed);
        Assert.Equal("oldest of 2 pending waited 5m", late.Measured);
        Assert.True(Check(h with { FilesPending = 0, OldestPending = null }, HealthChecks.Latency, clock).Passed);
    }

    [Theory]
    [InlineData(200, 1, true)]   // 99.5%
    [InlineData(200, 2, false)]  // 99%
    [InlineData(0, 0, true)]     // no loads: nothing to judge
    public void Success_rate_must_reach_99_5_percent(long loads, long failed, bool passes)
    {
        var clock = new FakeTimeProvider(Newest);
        var r = Check(new StreamHealth { Stream = Stream, Loads = loads, FailedLoads = failed }, HealthChecks.SuccessRate, clock);
        Assert.Equal(passes, r.Passed);
    }

    [Fact]
    public void Duplicates_violations_and_quarantine_allow_none_by_default()
    {
        var clock = new FakeTimeProvider(Newest);
        var h = new StreamHealth { Stream = Stream, FilesQuarantined = 1, Problems = new InvariantCounts { Rows = 45_000, ExactDuplicateRows = 44_000, MultipleCurrentKeys = 999 } };
        var results = HealthChecks.Evaluate(h, CheckThresholds.Default, clock.GetUtcNow());
        Assert.False(results.Single(r => r.Check == HealthChecks.Duplicates).Passed);
        Assert.Equal("44,000 rows", results.Single(r => r.Check == HealthChecks.Duplicates).Measured);
        Assert.Equal(999, results.Single(r => r.Check == HealthChecks.Violations).Value);
        Assert.False(results.Single(r => r.Check == HealthChecks.Quarantined).Passed);
        Assert.DoesNotContain(HealthChecks.Evaluate(h with { Problems = null }, CheckThresholds.Default, clock.GetUtcNow()), r => r.Check == HealthChecks.Duplicates);
    }
}
