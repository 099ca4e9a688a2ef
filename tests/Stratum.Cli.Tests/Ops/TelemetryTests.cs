using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Stratum.Formats;
using Stratum.DuckDb;
using Stratum.Loading;
using Stratum.Sqlite;
using Stratum.State;
using Stratum.Telemetry;

namespace Stratum.Cli.Tests.Ops;

/// <summary>The instruments after real loads on the embedded default, read through an in-memory listener.</summary>
public class TelemetryTests
{
    [Fact]
    public async Task Counters_match_the_run_log_after_a_load_and_a_rerun()
    {
        const string tenant = "telemetry-counters";
        await using var w = new EmbeddedWorld(tenant: tenant);
        var files = w.Generate(records: 120, syncs: 4);
        foreach (var f in files.Take(2))
        {
            await w.LandAsync(f);
        }
        using var metrics = new MetricCapture();
        var first = await w.LoadAsync();
        foreach (var f in files.Skip(2))
        {
            await w.LandAsync(f);
        }
        var second = await w.LoadAsync();
        Assert.Equal(LoadOutcome.Loaded, first.Outcome);
        Assert.Equal(LoadOutcome.Loaded, second.Outcome);

        var counts = first.Counts + second.Counts;
        Assert.Equal(files.Count, first.FilesCommitted + second.FilesCommitted);
        Assert.Equal(files.Count, metrics.Sum("stratum.files.committed", tenant));
        Assert.Equal(0, metrics.Sum("stratum.files.quarantined", tenant));
        Assert.Equal(counts.Inserted, metrics.Sum("stratum.rows.inserted", tenant));
        Assert.Equal(counts.Closed, metrics.Sum("stratum.rows.closed", tenant));
        Assert.Equal(counts.Unchanged, metrics.Sum("stratum.rows.unchanged", tenant));
        Assert.Equal(counts.Deleted, metrics.Sum("stratum.rows.deleted", tenant));
        Assert.True(counts.Inserted > 0 && second.Counts.Closed > 0 && counts.Unchanged > 0, $"the generated files insert, close and repeat rows: {counts}");
        Assert.Equal(2, metrics.Count("stratum.load.duration", tenant));
        Assert.Equal(2, metrics.Sum("stratum.files.already_loaded", tenant)); // the second load lists the first two again
        Assert.True(metrics.Count("stratum.publish.duration", tenant) >= 2);
        Assert.All(metrics.TagsOf("stratum.loads", tenant), t => Assert.Equal("loaded", t["outcome"]));
        Assert.All(metrics.TagsOf("stratum.files.committed", tenant), t => Assert.Equal("time_entries", t["table"]));
        Assert.Equal(0, metrics.Observe("stratum.stream.pending_files", tenant));

        var again = await w.LoadAsync();
        Assert.Equal(LoadOutcome.NothingPending, again.Outcome);
        Assert.Equal(2 + files.Count, metrics.Sum("stratum.files.already_loaded", tenant));
        Assert.Equal(files.Count, metrics.Sum("stratum.files.committed", tenant));
    }

    [Fact]
    public async Task A_held_lease_counts_a_skip_and_a_bad_file_counts_a_quarantine()
    {
        const string tenant = "telemetry-skips";
        await using var w = new EmbeddedWorld(tenant: tenant);
        await w.LandAsync(w.Generate(records: 10, syncs: 2)[0]);
        await w.Objects.PutAsync(w.Stream.Prefix + "broken.csv", new MemoryStream("id,last_updated\nx,not-a-time\n"u8.ToArray()), default);
        using var metrics = new MetricCapture();
        var state = new SqliteStateStore(w.StatePath, TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        var held = await state.TryAcquireLeaseAsync(w.Stream, "someone-else", TimeSpan.FromMinutes(5), default);
        Assert.NotNull(held);

        Assert.Equal(LoadOutcome.SkippedLeaseHeld, (await w.LoadAsync()).Outcome);
        Assert.Equal(1, metrics.Sum("stratum.lease.skips", tenant));
        Assert.Equal(0, metrics.Count("stratum.loads", tenant));

        await state.ReleaseLeaseAsync(held!, default);
        var run = await w.LoadAsync();
        Assert.Equal(1, run.FilesQuarantined);
        Assert.Equal(1, metrics.Sum("stratum.files.quarantined", tenant));
        Assert.Equal(1, metrics.Sum("stratum.files.committed", tenant));
        Assert.Equal(1, metrics.Observe("stratum.stream.quarantined_files", tenant));
    }

    [Fact]
    public async Task Lag_is_now_minus_the_newest_committed_event_time_on_the_injected_clock()
    {
        const string tenant = "telemetry-lag";
        await using var w = new EmbeddedWorld(tenant: tenant);
        var files = w.Generate(records: 30, syncs: 3);
        foreach (var f in files)
        {
            await w.LandAsync(f);
        }
        var newest = files.SelectMany(f => f.Rows).Max(r => (DateTime)r[w.Contract.EventTimeOrdinal]!);
        var clock = new FakeTimeProvider(new DateTimeOffset(newest, TimeSpan.Zero).AddMinutes(30));
        using var metrics = new MetricCapture();
        var state = new SqliteStateStore(w.StatePath, clock);
        await state.EnsureCreatedAsync(default);
        var loader = new StreamLoader(w.Objects, state, new DuckDbWarehouse(w.WarehousePath), FileReaders.All, new LoaderOptions { Owner = "lag" }, clock);
        Assert.Equal(LoadOutcome.Loaded, (await loader.LoadAsync(w.Stream, w.Contract, default)).Outcome);

        Assert.Equal(1800, metrics.Observe("stratum.stream.lag", tenant));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1800 + 7200, metrics.Observe("stratum.stream.lag", tenant));
    }

    [Fact]
    public async Task Spans_cover_the_load_its_lease_and_its_publish()
    {
        const string tenant = "telemetry-spans";
        await using var w = new EmbeddedWorld(tenant: tenant);
        await w.LandAsync(w.Generate(records: 10, syncs: 2)[0]);
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == StratumTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (spans)
                {
                    spans.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await w.LoadAsync();

        List<Activity> mine;
        lock (spans)
        {
            mine = [.. spans.Where(s => (string?)s.GetTagItem("tenant") == tenant)];
        }
        var load = Assert.Single(mine, s => s.OperationName == SpanNames.Load);
        Assert.Equal("loaded", load.GetTagItem("outcome"));
        foreach (var name in new[] { SpanNames.LeaseAcquire, SpanNames.LeaseRenew, SpanNames.Publish, SpanNames.LedgerRecord, SpanNames.LeaseRelease })
        {
            Assert.Contains(mine, s => s.OperationName == name && s.ParentSpanId == load.SpanId);
        }
    }

    [Fact]
    public async Task A_stop_request_ends_the_load_between_batches_and_releases_the_lease()
    {
        const string tenant = "telemetry-stop";
        await using var w = new EmbeddedWorld(tenant: tenant);
        var files = w.Generate(records: 40, syncs: 4);
        foreach (var f in files)
        {
            await w.LandAsync(f);
        }
        using var stop = new CancellationTokenSource();
        var state = new SqliteStateStore(w.StatePath, TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        var loader = new StreamLoader(w.Objects, state, new DuckDbWarehouse(w.WarehousePath), FileReaders.All,
            new LoaderOptions { Owner = "stopping", BatchFiles = 1 }, TimeProvider.System)
        {
            StopRequested = stop.Token,
            Progress = p =>
            {
                if (p.Stage == "committed")
                {
                    stop.Cancel(); // a SIGTERM arriving while the first batch was being published
                }
            },
        };
        var run = await loader.LoadAsync(w.Stream, w.Contract, default);

        Assert.Equal(LoadOutcome.Stopped, run.Outcome);
        Assert.Equal(1, run.FilesCommitted);
        Assert.Single(await w.LedgerAsync());
        Assert.NotNull(await state.TryAcquireLeaseAsync(w.Stream, "next-worker", TimeSpan.FromMinutes(1), default));
        var table = await w.TableAsync();
        Assert.Empty(Stratum.Invariants.InvariantChecker.Check(table));
    }
}
