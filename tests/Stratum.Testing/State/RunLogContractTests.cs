using Stratum.State;

namespace Stratum.Testing.State;

/// <summary>What every <see cref="IRunLog"/> must do: runs kept whole, listed newest first by stream and time; the store lists its streams.</summary>
public abstract class RunLogContractTests<TFactory> : StateStoreSuite<TFactory> where TFactory : IStateStoreFactory, new()
{
    [SkippableFact]
    public async Task Runs_are_logged_and_streams_listed()
    {
        await using var s = await CreateAsync();
        var start = Clock.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            await s.AppendRunAsync(new RunRecord
            {
                LoadId = $"load-{i}",
                Stream = Stream,
                Owner = "w1",
                Started = Clock.GetUtcNow(),
                Finished = Clock.GetUtcNow().AddSeconds(1),
                Outcome = RunRecord.Outcomes.Loaded,
                FilesCommitted = i,
                RowsRead = 100 * i,
                Counts = new Stratum.Planning.PlanCounts { Incoming = 100 * i, Inserted = 100 * i },
            }, default);
            Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var runs = await s.GetRunsAsync(Stream, start, default);
        Assert.Equal(["load-2", "load-1", "load-0"], runs.Select(r => r.LoadId));
        Assert.Equal(200, runs[0].Counts.Inserted);
        Assert.Equal(2, runs[0].FilesCommitted);
        Assert.Single(await s.GetRunsAsync(null, start.AddMinutes(2), default));
        Assert.Equal([Stream], await s.ListStreamsAsync(default));
    }
}
