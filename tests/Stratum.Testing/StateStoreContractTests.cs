using Microsoft.Extensions.Time.Testing;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Testing;

/// <summary>
/// What every state store must do (leases with fencing, the ledger, the run log), run against
/// each adapter on the real store. Time is a <see cref="FakeTimeProvider"/> the store must use.
/// </summary>
public abstract class StateStoreContractTests
{
    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 6, 21, 10, 0, 0, TimeSpan.Zero));

    /// <summary>A fresh, empty store using <see cref="Clock"/>; each call gives a new isolated namespace.</summary>
    protected abstract Task<IStateStore> CreateAsync();

    /// <summary>A second handle on the same store as <paramref name="first"/> (another worker).</summary>
    protected abstract Task<IStateStore> OpenAgainAsync(IStateStore first);

    private static readonly StreamId Stream = new(TenantId.Parse("acme"), Identifier.Parse("time_entries"));
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private LedgerEntry Entry(string id, FileStatus status = FileStatus.Committed, string? reason = null)
        => new(id, $"acme/canonical/time_entries/{id}.parquet", status, 10, "load-1", Clock.GetUtcNow(), reason, Clock.GetUtcNow().AddMinutes(-5));

    [SkippableFact]
    public async Task Lease_is_exclusive_until_it_expires_then_taken_over_with_a_larger_token()
    {
        await using var s = await CreateAsync();
        var first = await s.TryAcquireLeaseAsync(Stream, "w1", Ttl, default);
        Assert.NotNull(first);
        Assert.Null(await s.TryAcquireLeaseAsync(Stream, "w2", Ttl, default));
        Clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        var second = await s.TryAcquireLeaseAsync(Stream, "w2", Ttl, default);
        Assert.NotNull(second);
        Assert.True(second.Token > first.Token);
        Assert.Equal("w2", second.Owner);
        Assert.Null(await s.RenewLeaseAsync(first, Ttl, default));
        Assert.False(await s.RecordAsync(first, [Entry("late")], default));
        Assert.Empty(await s.GetLedgerAsync(Stream, default));
    }

    [SkippableFact]
    public async Task Renew_extends_and_release_frees()
    {
        await using var s = await CreateAsync();
        var lease = await s.TryAcquireLeaseAsync(Stream, "w1", Ttl, default);
        Assert.NotNull(lease);
        Clock.Advance(TimeSpan.FromSeconds(20));
        var renewed = await s.RenewLeaseAsync(lease, Ttl, default);
        Assert.NotNull(renewed);
        Assert.Equal(lease.Token, renewed.Token);
        Clock.Advance(TimeSpan.FromSeconds(20)); // past the first expiry, within the renewed one
        Assert.Null(await s.TryAcquireLeaseAsync(Stream, "w2", Ttl, default));
        await s.ReleaseLeaseAsync(renewed, default);
        var next = await s.TryAcquireLeaseAsync(Stream, "w2", Ttl, default);
        Assert.NotNull(next);
        Assert.True(next.Token > renewed.Token);
        await s.ReleaseLeaseAsync(renewed, default); // a stale release is a no-op
        Assert.Null(await s.TryAcquireLeaseAsync(Stream, "w3", Ttl, default));
    }

    [SkippableFact]
    public async Task Only_one_of_many_concurrent_workers_gets_the_lease()
    {
        await using var s = await CreateAsync();
        var handles = new List<IStateStore> { s };
        for (var i = 1; i < 8; i++)
        {
            handles.Add(await OpenAgainAsync(s));
        }
        try
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
                Task.Run(() => handles[i % handles.Count].TryAcquireLeaseAsync(Stream, $"w{i}", Ttl, default))));
            Assert.Single(results, r => r is not null);
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
    public async Task Ledger_records_are_idempotent_and_read_in_one_batch()
    {
        await using var s = await CreateAsync();
        var lease = (await s.TryAcquireLeaseAsync(Stream, "w1", Ttl, default))!;
        var entries = Enumerable.Range(0, 250).Select(i => Entry($"f{i:D4}")).ToList();
        Assert.True(await s.RecordAsync(lease, entries, default));
        Assert.True(await s.RecordAsync(lease, [entries[0] with { Rows = 999 }], default)); // already there: left as it is
        var ledger = await s.GetLedgerAsync(Stream, default);
        Assert.Equal(250, ledger.Count);
        Assert.Equal(10, ledger["f0000"].Rows);
        Assert.Equal(FileStatus.Committed, ledger["f0001"].Status);
        Assert.Equal(entries[3].Key, ledger["f0003"].Key);
        Assert.Equal(entries[3].NewestEventTime, ledger["f0003"].NewestEventTime);
        Assert.Empty(await s.GetLedgerAsync(new StreamId(TenantId.Parse("other"), Identifier.Parse("time_entries")), default));
    }

    [SkippableFact]
    public async Task Quarantined_files_keep_their_reason_and_can_be_readmitted()
    {
        await using var s = await CreateAsync();
        var lease = (await s.TryAcquireLeaseAsync(Stream, "w1", Ttl, default))!;
        await s.RecordAsync(lease, [Entry("bad", FileStatus.Quarantined, "bad.csv: row 3, column 'x': not a number"), Entry("good"), Entry("bad2", FileStatus.Quarantined, "r")], default);
        var ledger = await s.GetLedgerAsync(Stream, default);
        Assert.Equal("bad.csv: row 3, column 'x': not a number", ledger["bad"].Reason);
        Assert.Equal(1, await s.ReadmitAsync(Stream, ["bad"], default));
        Assert.Equal(1, await s.ReadmitAsync(Stream, null, default));
        ledger = await s.GetLedgerAsync(Stream, default);
        Assert.Equal(["good"], ledger.Keys);
    }

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
