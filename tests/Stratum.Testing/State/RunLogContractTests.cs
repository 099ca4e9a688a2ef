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
                Outcome = LoadOutcome.Loaded,
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

    [SkippableFact]
    public async Task A_runs_tie_conflicts_are_kept_with_their_key_time_hashes_file_and_coarse_flag()
    {
        await using var s = await CreateAsync();
        var at = new DateTimeOffset(2025, 6, 21, 10, 0, 0, TimeSpan.Zero);
        ConflictRecord[] conflicts =
        [
            new("7", at, "b2", "a1", "acme/canonical/items/a.csv", false, null, null),
            new("1:x1:|", at.AddSeconds(1), ConflictRecord.From(new Stratum.Planning.TieConflict(Stratum.Planning.RowKey.Of("k"), at.UtcDateTime, Stratum.Planning.TieConflict.DeleteHash, "c3", "b.csv")).WinnerHash,
                "c3", "acme/canonical/items/b.csv", true, at.AddMilliseconds(1700), at.AddMilliseconds(1300)),
        ];
        var start = Clock.GetUtcNow();
        await s.AppendRunAsync(new RunRecord
        {
            LoadId = "load-ties", Stream = Stream, Owner = "w1", Started = start, Finished = start.AddSeconds(1), Outcome = LoadOutcome.Loaded,
            TieConflicts = 2, CoarseTieConflicts = 1, Conflicts = conflicts,
        }, default);
        var run = Assert.Single(await s.GetRunsAsync(Stream, start, default));
        Assert.Equal((2L, 1L), (run.TieConflicts, run.CoarseTieConflicts));
        Assert.Equal(conflicts, run.Conflicts);
    }
}
