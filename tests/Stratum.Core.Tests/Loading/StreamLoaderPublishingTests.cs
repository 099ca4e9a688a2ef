using Microsoft.Extensions.Time.Testing;
using Stratum.Contracts;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Planning;
using Stratum.State;
using Stratum.Testing;
using Stratum.Testing.InMemory;
using Stratum.Warehouse;

namespace Stratum.Core.Tests.Loading;

/// <summary>
/// <see cref="StreamLoader"/> over the in-memory object store, state store and warehouse, on the
/// paths that publish: a first load, a second one with nothing pending, a file re-delivered under
/// another key, a late file with older versions, and a stale writer refused by the warehouse's
/// publish fence.
/// </summary>
public sealed class StreamLoaderPublishingTests
{
    private static readonly StreamId Stream = new(TenantId.Parse("acme"), Identifier.Parse("tickets"));
    private static readonly TableContract Contract = TestContracts.AllTypes("tickets");
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(2);
    private static readonly DateTime Eight = new(2025, 6, 21, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Nine = Eight.AddHours(1);
    private static readonly DateTime Ten = Eight.AddHours(2);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 6, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryObjectStore _objects;
    private readonly InMemoryStateStore _state;
    private readonly InMemoryWarehouse _warehouse;

    public StreamLoaderPublishingTests()
    {
        _objects = new InMemoryObjectStore(_clock);
        _state = new InMemoryStateStore(_clock);
        _warehouse = new InMemoryWarehouse(_clock);
    }

    private StreamLoader Loader(string owner = "loader", IWarehouse? warehouse = null)
        => new(_objects, _state, warehouse ?? _warehouse, [new LinesFileReader()], new LoaderOptions { Owner = owner, LeaseTtl = Ttl }, _clock);

    private Task LandAsync(string name, params (string Id, DateTime At, string Name)[] rows)
        => _objects.PutAsync(Stream.Prefix + name, new MemoryStream(LinesFileReader.Content(rows)), default);

    /// <summary>The two files of the first load: k1 in both (a new version at ten), k2 at nine, k3 at ten.</summary>
    private async Task LandFirstTwoAsync()
    {
        await LandAsync("2025-06-21T09-00-00Z.lines", ("k1", Nine, "k1 v1"), ("k2", Nine, "k2 v1"));
        await LandAsync("2025-06-21T10-00-00Z.lines", ("k1", Ten, "k1 v2"), ("k3", Ten, "k3 v1"));
    }

    private static readonly string[] AfterFirstTwo =
    [
        "k1|09:00|10:00|expired|k1 v1",
        "k1|10:00||current|k1 v2",
        "k2|09:00||current|k2 v1",
        "k3|10:00||current|k3 v1",
    ];

    private Task<IReadOnlyList<VersionRow>> RowsAsync() => _warehouse.ReadAllAsync(Contract, Stream.Tenant, default);

    /// <summary>The table as key|effective|expiration|current|name, in order.</summary>
    private async Task<List<string>> TableAsync()
        => [.. (await RowsAsync())
            .Select(r => $"{r.Key}|{r.EffectiveDate:HH:mm}|{r.ExpirationDate:HH:mm}|{(r.IsCurrent ? "current" : "expired")}|{r.Values[2]}")
            .Order(StringComparer.Ordinal)];

    private Task<IReadOnlyDictionary<string, LedgerEntry>> LedgerAsync() => _state.GetLedgerAsync(Stream, default);

    [Fact]
    public async Task A_first_load_of_two_files_publishes_what_they_hold_once_and_records_both()
    {
        await LandFirstTwoAsync();

        var run = await Loader().LoadAsync(Stream, Contract, default);

        Assert.Equal(LoadOutcome.Loaded, run.Outcome);
        Assert.Null(run.Error);
        Assert.Equal((2L, 0L, 2L, 0L, 4L), (run.FilesSeen, run.FilesAlreadyLoaded, run.FilesCommitted, run.FilesQuarantined, run.RowsRead));
        Assert.Equal((4L, 4L, 0L, 3L), (run.Counts.Incoming, run.Counts.Inserted, run.Counts.Unchanged, run.Counts.KeysChanged));
        Assert.Equal(AfterFirstTwo, await TableAsync());
        foreach (var row in await RowsAsync())
        {
            // Every column as the file holds it: the row's event time is its effective date.
            Assert.Equal(StaleWriterScenario.Row(row.Key.Text, row.EffectiveDate, (string)row.Values[2]!), row.Values);
            Assert.Equal(run.LoadId, row.LoadId);
            Assert.Equal(Stream.Prefix + (row.EffectiveDate == Nine ? "2025-06-21T09-00-00Z.lines" : "2025-06-21T10-00-00Z.lines"), row.SourceFile);
        }
        Assert.Equal(new InvariantCounts { Rows = 4 }, await _warehouse.CountProblemsAsync(Contract, Stream.Tenant, default));
        Assert.Equal(1, _warehouse.Commits); // one batch, one atomic publish
        Assert.Equal(1, _warehouse.PublishedToken(Stream));
        var ledger = await LedgerAsync();
        Assert.Equal(2, ledger.Count);
        Assert.All(ledger.Values, e => Assert.Equal((FileStatus.Committed, 2L, run.LoadId), (e.Status, e.Rows, e.LoadId)));
        Assert.Equal(LoadOutcome.Loaded, Assert.Single(await _state.GetRunsAsync(Stream, run.Started, default)).Outcome);
    }

    [Fact]
    public async Task A_second_load_finds_nothing_pending_and_changes_nothing()
    {
        await LandFirstTwoAsync();
        await Loader().LoadAsync(Stream, Contract, default);
        var before = await RowsAsync();

        var again = await Loader().LoadAsync(Stream, Contract, default);

        Assert.Equal(LoadOutcome.NothingPending, again.Outcome);
        Assert.Equal((2L, 2L, 0L, 0L, 0L), (again.FilesSeen, again.FilesAlreadyLoaded, again.FilesCommitted, again.FilesQuarantined, again.RowsRead));
        var after = await RowsAsync();
        Assert.Equal(before.Count, after.Count);
        Assert.All(before, b => Assert.Single(after, a => a.SameAs(b)));
        Assert.Equal(1, _warehouse.Commits);
        Assert.Equal(2, (await LedgerAsync()).Count);
    }

    [Fact]
    public async Task A_file_redelivered_under_a_new_key_loads_as_a_new_file_and_adds_no_version()
    {
        await LandFirstTwoAsync();
        var first = await Loader().LoadAsync(Stream, Contract, default);
        var before = await RowsAsync();
        await LandAsync("redelivered/2025-06-21T09-00-00Z.lines", ("k1", Nine, "k1 v1"), ("k2", Nine, "k2 v1")); // the same bytes as the first file

        var run = await Loader().LoadAsync(Stream, Contract, default);

        Assert.Equal(LoadOutcome.Loaded, run.Outcome);
        Assert.Equal((3L, 2L, 1L, 0L, 2L), (run.FilesSeen, run.FilesAlreadyLoaded, run.FilesCommitted, run.FilesQuarantined, run.RowsRead));
        Assert.Equal((2L, 0L, 2L, 0L), (run.Counts.Incoming, run.Counts.Inserted, run.Counts.Unchanged, run.Counts.KeysChanged));
        Assert.Equal(AfterFirstTwo, await TableAsync());
        var after = await RowsAsync();
        Assert.All(before, b => Assert.Single(after, a => a.SameAs(b))); // lineage too: still the first file's, first load's
        Assert.Equal(1, _warehouse.Commits); // nothing changed, nothing published
        var ledger = await LedgerAsync();
        Assert.Equal(3, ledger.Count);
        var redelivered = Assert.Single(ledger.Values, e => e.LoadId == run.LoadId);
        Assert.Equal((Stream.Prefix + "redelivered/2025-06-21T09-00-00Z.lines", FileStatus.Committed, 2L), (redelivered.Key, redelivered.Status, redelivered.Rows));
        Assert.Equal(2, ledger.Values.Count(e => e.LoadId == first.LoadId));
    }

    [Fact]
    public async Task A_late_file_with_older_versions_slots_them_into_the_history()
    {
        await LandFirstTwoAsync();
        await Loader().LoadAsync(Stream, Contract, default);
        await LandAsync("2025-06-21T08-00-00Z.lines", ("k1", Eight, "k1 v0"), ("k2", Eight, "k2 v0"));

        var run = await Loader().LoadAsync(Stream, Contract, default);

        Assert.Equal(LoadOutcome.Loaded, run.Outcome);
        Assert.Equal((3L, 2L, 1L, 2L), (run.FilesSeen, run.FilesAlreadyLoaded, run.FilesCommitted, run.RowsRead));
        Assert.Equal((2L, 2L, 2L), (run.Counts.Incoming, run.Counts.Inserted, run.Counts.KeysChanged));
        Assert.Equal(
        [
            "k1|08:00|09:00|expired|k1 v0",
            "k1|09:00|10:00|expired|k1 v1",
            "k1|10:00||current|k1 v2",
            "k2|08:00|09:00|expired|k2 v0",
            "k2|09:00||current|k2 v1",
            "k3|10:00||current|k3 v1",
        ], await TableAsync());
        Assert.Equal(new InvariantCounts { Rows = 6 }, await _warehouse.CountProblemsAsync(Contract, Stream.Tenant, default));
        Assert.Equal(2, _warehouse.Commits);
    }

    /// <summary>
    /// A acquires the lease, reads and plans its file, and stalls as its publish begins (before the
    /// first chunk is added). Its lease expires; B takes the stream over, loads A's file and a newer
    /// one, and publishes under a higher token. A then adds its chunk and commits: the warehouse's
    /// fence refuses it, so B's history stands. Without the fence, A's commit would put back the
    /// history it planned before B's versions existed.
    /// </summary>
    [Fact]
    public async Task A_stale_writer_whose_lease_was_taken_over_cannot_overwrite_the_newer_publish()
    {
        await LandAsync("2025-06-21T09-00-00Z.lines", ("k1", Nine, "k1 v1"), ("k2", Nine, "k2 v1"));
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var warehouseA = new FrozenWarehouse(_warehouse, async ct =>
        {
            stalled.SetResult();
            await resume.Task.WaitAsync(ct);
        });
        var runA = Task.Run(() => Loader("A", warehouseA).LoadAsync(Stream, Contract, default));
        if (await Task.WhenAny(stalled.Task, runA) == runA)
        {
            var early = await runA;
            Assert.Fail($"A never reached its publish: {early.Outcome} {early.Error}");
        }

        _clock.Advance(Ttl + TimeSpan.FromSeconds(1)); // A's lease expires while it stalls
        await LandAsync("2025-06-21T10-00-00Z.lines", ("k1", Ten, "k1 v2"), ("k2", Ten, "k2 v2"));
        var b = await Loader("B").LoadAsync(Stream, Contract, default);
        Assert.Equal(LoadOutcome.Loaded, b.Outcome);
        Assert.Equal(2, b.FilesCommitted);
        Assert.Equal(2, _warehouse.PublishedToken(Stream)); // B's lease is the stream's second

        resume.SetResult();
        var a = await runA.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LoadOutcome.LostLease, a.Outcome);
        Assert.Contains("stale publish refused", a.Error, StringComparison.Ordinal);
        Assert.Contains("lease token 1 is older than token 2", a.Error, StringComparison.Ordinal);
        Assert.Equal(0, a.FilesCommitted);
        string[] newer = ["k1|09:00|10:00|expired|k1 v1", "k1|10:00||current|k1 v2", "k2|09:00|10:00|expired|k2 v1", "k2|10:00||current|k2 v2"];
        Assert.Equal(newer, await TableAsync());
        Assert.Equal(1, _warehouse.Commits); // B's
        Assert.Equal(2, _warehouse.PublishedToken(Stream));
        var ledger = await LedgerAsync();
        Assert.Equal(2, ledger.Count);
        Assert.All(ledger.Values, e => Assert.Equal(b.LoadId, e.LoadId));
        Assert.Equal(LoadOutcome.NothingPending, (await Loader("C").LoadAsync(Stream, Contract, default)).Outcome);
        Assert.Equal(newer, await TableAsync());
    }
}
