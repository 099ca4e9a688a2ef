using Microsoft.Extensions.Time.Testing;
using Stratum.DuckDb;
using Stratum.Monitoring;
using Stratum.Sqlite;

namespace Stratum.Cli.Tests.Ops;

/// <summary>The probe behind `check` and the dashboard, over a real embedded deployment, judged on a fake clock.</summary>
public class StreamProbeTests
{
    [Fact]
    public async Task Freshness_of_a_loaded_stream_turns_red_when_the_clock_passes_the_limit()
    {
        const string tenant = "probe-fresh";
        await using var w = new EmbeddedWorld(tenant: tenant);
        var files = w.Generate(records: 40, syncs: 3);
        foreach (var f in files)
        {
            await w.LandAsync(f);
        }
        await w.LoadAsync();
        var newest = files.SelectMany(f => f.Rows).Max(r => (DateTime)r[w.Contract.EventTimeOrdinal]!);
        var clock = new FakeTimeProvider(new DateTimeOffset(newest, TimeSpan.Zero).AddMinutes(30));
        var state = new SqliteStateStore(w.StatePath, clock);
        await state.EnsureCreatedAsync(default);
        var probe = new StreamProbe(w.Objects, state, new DuckDbWarehouse(w.WarehousePath), clock);

        var report = await probe.MeasureAsync([(w.Stream, w.Contract)], TimeSpan.FromDays(3650), default);
        var h = Assert.Single(report.Streams);
        Assert.Equal(files.Count, h.FilesCommitted);
        Assert.Equal(0, h.FilesPending);
        Assert.Equal(1, h.Loads);
        Assert.Equal(new Stratum.Warehouse.InvariantCounts { Rows = (await w.TableAsync()).Count }, h.Problems);
        Assert.All(HealthChecks.Evaluate(h, CheckThresholds.Default, clock.GetUtcNow()), r => Assert.True(r.Passed, r.ToString()));

        clock.Advance(TimeSpan.FromMinutes(31));
        var failed = Assert.Single(HealthChecks.Evaluate(h, CheckThresholds.Default, clock.GetUtcNow()), r => !r.Passed);
        Assert.Equal(HealthChecks.Freshness, failed.Check);
        Assert.Equal("1h behind", failed.Measured);
    }
}
