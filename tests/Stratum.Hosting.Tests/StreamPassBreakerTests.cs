using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using Stratum.Breaking;
using Stratum.Contracts;
using Stratum.Hosting.Checks;
using Stratum.Hosting.Serve;
using Stratum.Hosting.Serve.Metrics;
using Stratum.Hosting.Serve.Scheduling;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Reading;
using Stratum.State;
using Stratum.Telemetry;
using Stratum.Tenants;
using Stratum.Testing;
using Stratum.Testing.InMemory;
using Stratum.Warehouse;

namespace Stratum.Hosting.Tests;

/// <summary>
/// The circuit breaker in the pass, over in-memory ports on a fake clock: a warehouse that refuses
/// every publish makes a stream fail N times; the breaker opens; passes skip the stream
/// (<see cref="LoadOutcome.SkippedBreakerOpen"/>, nothing read, nothing published) until the
/// back-off ends; then one trial load, and a healthy warehouse closes it. Shared by two workers
/// through one state store; visible in the checks (and so the webhook), the dashboard and the metrics.
/// </summary>
public sealed class StreamPassBreakerTests : IDisposable
{
    private static readonly TableContract Tickets = TestContracts.CompositeKey("tickets");
    private static readonly BreakerPolicy Policy = new() { Failures = 3, Backoff = TimeSpan.FromMinutes(1), MaxBackoff = TimeSpan.FromMinutes(10), Jitter = 0.2 };

    private sealed class Deployment(IObjectStore objects, IStateStore state, IWarehouse warehouse, TenantId tenant, TimeProvider clock, string owner, BreakerPolicy policy) : IDeployment
    {
        public IObjectStore Objects => objects;
        public IWarehouse Warehouse => warehouse;
        public ITenantRegistry Tenants { get; } = new StaticTenantRegistry([tenant]);
        public IReadOnlyList<TableContract> Contracts { get; } = [Tickets];
        public IReadOnlyList<IFileReader> Readers { get; } = [new OneRowReader()];
        public LoaderOptions LoaderOptions { get; } = new() { Owner = owner, LeaseTtl = TimeSpan.FromMinutes(2), MaxAttempts = 1 };
        public TimeProvider Clock => clock;
        public BreakerPolicy Breaker => policy;
        public Task<IStateStore> StateAsync(CancellationToken cancellationToken) => Task.FromResult(state);
    }

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 6, 21, 10, 0, 0, TimeSpan.Zero));
    private readonly TenantId _tenant = TenantId.Parse("breaker" + Guid.NewGuid().ToString("N")[..8]); // its own metric series: other tests run alongside
    private readonly InMemoryObjectStore _objects;
    private readonly InMemoryStateStore _state;
    private readonly RefusingWarehouse _warehouse;
    private readonly ConcurrentQueue<BreakerTransition> _transitions = new();
    private readonly PrometheusExporter _metrics = new(StratumTelemetry.Name);

    public StreamPassBreakerTests()
    {
        _objects = new InMemoryObjectStore(_clock);
        _state = new InMemoryStateStore(_clock);
        _warehouse = new RefusingWarehouse(_clock);
        Stream = new StreamId(_tenant, Tickets.Table);
    }

    private StreamId Stream { get; }

    private StreamPass Pass(string owner = "w1", IStateStore? state = null, BreakerPolicy? policy = null)
        => new(new Deployment(_objects, state ?? _state, _warehouse, _tenant, _clock, owner, policy ?? Policy))
        {
            BreakerChanged = _transitions.Enqueue,
            BreakerRandom = new Random(7), // the jitter, deterministic
        };

    private async Task<RunRecord> LoadAsync(StreamPass pass)
        => Assert.Single(await pass.LoadAsync(await pass.StreamsAsync(null, null, default), parallel: 2, progress: null, stopRequested: default, cancellationToken: default));

    private Task LandAsync(string name) => _objects.PutAsync(Stream.Prefix + name, new MemoryStream("x"u8.ToArray()), default);

    private Task<BreakerState> BreakerAsync() => _state.GetBreakerAsync(Stream, default);

    private List<(BreakerPhase From, BreakerPhase To)> Transitions() => [.. _transitions.Select(t => (t.From, t.To))];

    [Fact]
    public async Task A_stream_that_fails_N_times_is_skipped_until_its_back_off_ends_then_one_trial_closes_it()
    {
        await LandAsync("a.row");
        var pass = Pass();

        // Failed loads: the first two count, the third opens the breaker.
        for (var i = 1; i <= 3; i++)
        {
            var failed = await LoadAsync(pass);
            Assert.Equal(LoadOutcome.Failed, failed.Outcome);
            Assert.Contains("Memory limit", failed.Error, StringComparison.Ordinal);
            Assert.Equal(i, (await BreakerAsync()).ConsecutiveFailures);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }
        Assert.Equal(3, _warehouse.Refused);
        var open = await BreakerAsync();
        Assert.Equal(BreakerPhase.Open, open.PhaseAt(_clock.GetUtcNow()));
        Assert.Equal([(BreakerPhase.Closed, BreakerPhase.Open)], Transitions());
        var wait = open.OpenUntil!.Value - open.OpenedAt!.Value;
        Assert.InRange(wait, TimeSpan.FromSeconds(48), TimeSpan.FromSeconds(72)); // one minute ± 20%

        // Open: passes skip the stream without reading it, and say until when and why.
        var skipped = await LoadAsync(pass);
        Assert.Equal(LoadOutcome.SkippedBreakerOpen, skipped.Outcome);
        Assert.Equal("skipped-breaker-open", skipped.Outcome.Text());
        Assert.Contains($"open until {BreakerMachine.Time(open.OpenUntil.Value)} after 3 failed loads in a row", skipped.Error, StringComparison.Ordinal);
        Assert.Contains("Memory limit", skipped.Error, StringComparison.Ordinal);
        Assert.Contains($"`stratum resume {Stream}`", skipped.Error, StringComparison.Ordinal);
        Assert.Equal(0, skipped.FilesSeen);
        Assert.Equal(3, _warehouse.Refused); // not tried
        Assert.Equal(LoadOutcome.SkippedBreakerOpen, (await _state.GetRunsAsync(Stream, skipped.Started, default))[0].Outcome); // in the run log

        _clock.Advance(open.OpenUntil.Value - _clock.GetUtcNow() - TimeSpan.FromMilliseconds(1));
        Assert.Equal(LoadOutcome.SkippedBreakerOpen, (await LoadAsync(pass)).Outcome); // a millisecond before the back-off ends

        // Half-open: one trial load; the warehouse is healthy again, so it succeeds and closes the breaker.
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        _warehouse.Refusing = false;
        var trial = await LoadAsync(pass);
        Assert.Equal(LoadOutcome.Loaded, trial.Outcome);
        Assert.Equal(1, trial.FilesCommitted);
        Assert.Equal(1, _warehouse.Published);
        Assert.Equal([(BreakerPhase.Closed, BreakerPhase.Open), (BreakerPhase.Open, BreakerPhase.HalfOpen), (BreakerPhase.HalfOpen, BreakerPhase.Closed)], Transitions());
        var closed = await BreakerAsync();
        Assert.Equal(BreakerPhase.Closed, closed.PhaseAt(_clock.GetUtcNow()));
        Assert.Equal(0, closed.ConsecutiveFailures);
        Assert.Equal(LoadOutcome.NothingPending, (await LoadAsync(pass)).Outcome); // loads as usual again

        var metrics = _metrics.Scrape();
        var labels = $"table=\"tickets\",tenant=\"{_tenant}\"";
        Assert.Contains($"stratum_breaker_transitions_total{{from=\"closed\",{labels},to=\"open\"}} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"stratum_breaker_transitions_total{{from=\"open\",{labels},to=\"half-open\"}} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"stratum_breaker_transitions_total{{from=\"half-open\",{labels},to=\"closed\"}} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"stratum_breaker_skips_total{{{labels}}} 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"stratum_breaker_open{{{labels}}} 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_trial_reopens_the_breaker_with_twice_the_back_off_up_to_the_ceiling()
    {
        await LandAsync("a.row");
        var pass = Pass(policy: Policy with { Jitter = 0, MaxBackoff = TimeSpan.FromMinutes(3) });
        for (var i = 0; i < 3; i++)
        {
            await LoadAsync(pass);
        }
        var waits = new List<double>();
        for (var trial = 0; trial < 3; trial++)
        {
            var b = await BreakerAsync();
            waits.Add((b.OpenUntil!.Value - _clock.GetUtcNow()).TotalMinutes);
            _clock.Advance(b.OpenUntil.Value - _clock.GetUtcNow());
            Assert.Equal(LoadOutcome.Failed, (await LoadAsync(pass)).Outcome); // the trial, refused again
            Assert.Equal(3 + trial + 1, _warehouse.Refused);
            Assert.Equal(LoadOutcome.SkippedBreakerOpen, (await LoadAsync(pass)).Outcome);
        }
        waits.Add(((await BreakerAsync()).OpenUntil!.Value - _clock.GetUtcNow()).TotalMinutes);
        Assert.Equal([1, 2, 3, 3], waits);
        Assert.Equal(6, (await BreakerAsync()).ConsecutiveFailures);
        Assert.Equal(3, Transitions().Count(t => t == (BreakerPhase.HalfOpen, BreakerPhase.Open)));
    }

    [Fact]
    public async Task Two_workers_on_one_state_store_share_the_breaker_and_only_one_takes_the_trial()
    {
        await LandAsync("a.row");
        var one = Pass("w1");
        var two = Pass("w2", _state.OpenAgain(_clock)); // another worker: its own handle on the same store

        Assert.Equal(LoadOutcome.Failed, (await LoadAsync(one)).Outcome);
        Assert.Equal(LoadOutcome.Failed, (await LoadAsync(two)).Outcome);
        Assert.Equal(LoadOutcome.Failed, (await LoadAsync(one)).Outcome); // the third in a row, whoever ran them
        Assert.Equal(LoadOutcome.SkippedBreakerOpen, (await LoadAsync(two)).Outcome); // opened by w1, seen by w2

        _clock.Advance(TimeSpan.FromMinutes(2));
        _warehouse.Refusing = false;
        RunRecord? duringTrial = null;
        _warehouse.DuringPublish = async () => duringTrial = await LoadAsync(two); // w2's pass while w1's trial publishes
        var trial = await LoadAsync(one);
        Assert.Equal(LoadOutcome.Loaded, trial.Outcome);
        Assert.Equal(LoadOutcome.SkippedBreakerOpen, duringTrial!.Outcome);
        Assert.Contains("trial load by w1 is running", duringTrial.Error, StringComparison.Ordinal);
        Assert.Equal(1, _warehouse.Published);

        Assert.False((await _state.OpenAgain(_clock).GetBreakerAsync(Stream, default)).IsOpen);
        Assert.Equal(LoadOutcome.NothingPending, (await LoadAsync(two)).Outcome); // closed for w2 too
    }

    [Fact]
    public async Task With_the_breaker_off_every_pass_tries_the_stream()
    {
        await LandAsync("a.row");
        var pass = Pass(policy: BreakerPolicy.Off);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(LoadOutcome.Failed, (await LoadAsync(pass)).Outcome);
        }
        Assert.Equal(6, _warehouse.Refused);
        Assert.Equal(BreakerState.Closed(Stream), await BreakerAsync()); // nothing read or written
    }

    [Fact]
    public async Task Quarantined_files_lease_skips_and_stops_are_not_failures()
    {
        await _objects.PutAsync(Stream.Prefix + "bad.xlsx", new MemoryStream([1]), default); // no reader: quarantined
        var pass = Pass();
        for (var i = 0; i < 4; i++)
        {
            var run = await LoadAsync(pass);
            Assert.Equal(i == 0 ? LoadOutcome.Loaded : LoadOutcome.NothingPending, run.Outcome);
            Assert.Equal(i == 0 ? 1 : 0, run.FilesQuarantined);
        }
        var held = await _state.TryAcquireLeaseAsync(Stream, "someone", TimeSpan.FromMinutes(5), default);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(LoadOutcome.SkippedLeaseHeld, (await LoadAsync(pass)).Outcome);
        }
        await _state.ReleaseLeaseAsync(held!, default);
        Assert.Equal(BreakerState.Closed(Stream), await BreakerAsync());
    }

    [Fact]
    public async Task A_load_by_hand_runs_through_an_open_breaker_and_its_success_closes_it()
    {
        await LandAsync("a.row");
        var pass = Pass();
        for (var i = 0; i < 3; i++)
        {
            await LoadAsync(pass);
        }
        Assert.True((await BreakerAsync()).IsOpen);
        _warehouse.Refusing = false;
        var run = await pass.LoadByHandAsync(Stream, Tickets, null, default);
        Assert.Equal(LoadOutcome.Loaded, run.Outcome);
        Assert.False((await BreakerAsync()).IsOpen);
        Assert.Equal((BreakerPhase.Open, BreakerPhase.Closed), Transitions()[^1]);
    }

    [Fact]
    public async Task An_open_breaker_fails_the_breaker_check_alerts_through_the_webhook_and_shows_on_the_dashboard_and_in_metrics()
    {
        await LandAsync("a.row");
        var pass = Pass();
        for (var i = 0; i < 3; i++)
        {
            await LoadAsync(pass);
        }
        var set = await pass.SurveyAsync([_tenant], null, default);
        var check = await pass.CheckAsync(set, CheckPolicy.Default, default);
        var item = Assert.Single(check.Run.Failed, f => f.Check == "breaker");
        Assert.Equal(Stream.Key, item.Stream);
        Assert.StartsWith("open until ", item.Measured, StringComparison.Ordinal);
        Assert.Contains("3 failed loads in a row", item.Measured, StringComparison.Ordinal);
        Assert.Contains("Memory limit", item.Measured, StringComparison.Ordinal);
        Assert.Contains($"`stratum resume {Stream}` closes it", item.Measured, StringComparison.Ordinal);
        Assert.Equal(3, item.Value);

        var alert = WebhookAlert.Build(check.Run);
        Assert.Contains($"- {Stream} breaker: open until", alert.Text, StringComparison.Ordinal);
        Assert.Contains(alert.Failed, f => f.Check == "breaker");

        var board = new StatusBoard();
        board.Completed(new CycleInfo(_clock.GetUtcNow(), _clock.GetUtcNow(), 1, 0, 0, 0, 1, 0, 0), check.Report, null);
        var settings = new ServeSettings { Listen = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), Schedule = new IntervalSchedule(TimeSpan.FromMinutes(1)) };
        var dashboard = DashboardBuilder.Build(board, settings, "w1", _clock.GetUtcNow());
        var view = Assert.Single(dashboard.Streams);
        Assert.Equal(("red", "open"), (view.Status, view.Breaker));
        Assert.Equal((await BreakerAsync()).OpenUntil, view.BreakerOpenUntil);
        var shown = Assert.Single(dashboard.Breakers);
        Assert.Equal((Stream.Key, "open", 3), (shown.Stream, shown.Phase, shown.Failures));
        Assert.Contains("Memory limit", shown.LastError, StringComparison.Ordinal);
        using (var json = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(dashboard, HostJson.Options)))
        {
            var b = json.RootElement.GetProperty("breakers")[0]; // what /api/status answers and dashboard.html reads
            Assert.Equal(Stream.Key, b.GetProperty("stream").GetString());
            Assert.Equal("open", b.GetProperty("phase").GetString());
            Assert.Equal("open", json.RootElement.GetProperty("streams")[0].GetProperty("breaker").GetString());
            Assert.True(json.RootElement.GetProperty("streams")[0].TryGetProperty("breaker_open_until", out _));
        }

        var labels = $"table=\"tickets\",tenant=\"{_tenant}\"";
        var metrics = _metrics.Scrape();
        Assert.Contains($"stratum_breaker_open{{{labels}}} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"stratum_check_passed{{check=\"breaker\",{labels}}} 0\n", metrics, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromMinutes(5)); // half-open: still failing (the next pass tries once)
        Assert.Contains("half-open", (await pass.CheckAsync(set, CheckPolicy.Default, default)).Run.Failed.Single(f => f.Check == "breaker").Measured, StringComparison.Ordinal);
        await pass.NewBreaker(_state).CloseAsync(Stream, "test", default);
        Assert.DoesNotContain((await pass.CheckAsync(set, CheckPolicy.Default, default)).Run.Failed, f => f.Check == "breaker");
        Assert.Contains($"stratum_breaker_open{{{labels}}} 0\n", _metrics.Scrape(), StringComparison.Ordinal);
    }

    public void Dispose() => _metrics.Dispose();
}
