using Stratum.Names;
using Stratum.State;

namespace Stratum.Testing.State;

/// <summary>What every <see cref="ILedger"/> must do: writes conditional on the lease, idempotent, read in one batch; quarantine and readmission.</summary>
public abstract class LedgerContractTests<TFactory> : StateStoreSuite<TFactory> where TFactory : IStateStoreFactory, new()
{
    [SkippableFact]
    public async Task A_lost_lease_records_nothing()
    {
        await using var s = await CreateAsync();
        var first = (await s.TryAcquireLeaseAsync(Stream, "w1", Ttl, default))!;
        Clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        var second = (await s.TryAcquireLeaseAsync(Stream, "w2", Ttl, default))!;
        Assert.False(await s.RecordAsync(first, [Entry("late")], default));
        Assert.Empty(await s.GetLedgerAsync(Stream, default));
        Assert.True(await s.RecordAsync(second, [Entry("current")], default));
        Assert.Equal(["current"], (await s.GetLedgerAsync(Stream, default)).Keys);
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
}
