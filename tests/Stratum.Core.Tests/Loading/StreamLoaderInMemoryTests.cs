using System.Text;
using Microsoft.Extensions.Time.Testing;
using Stratum.Contracts;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Reading;
using Stratum.State;
using Stratum.Testing;
using Stratum.Testing.InMemory;

namespace Stratum.Core.Tests.Loading;

/// <summary>
/// <see cref="StreamLoader"/> over the in-memory object and state stores, on the paths that do not
/// publish (the warehouse here holds contracts only and refuses every publish): nothing pending, the
/// lease held by another worker, files quarantined (unsupported, refused by their reader), files
/// already in the ledger, a file rewritten after it was recorded, a readmitted file, a takeover
/// before the files are recorded, a stop before the start.
/// </summary>
public sealed class StreamLoaderInMemoryTests
{
    private static readonly StreamId Stream = new(TenantId.Parse("acme"), Identifier.Parse("tickets"));
    private static readonly TableContract Contract = TestContracts.AllTypes("tickets");
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(2);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 6, 21, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryObjectStore _objects;
    private readonly InMemoryStateStore _state;
    private readonly NonPublishingWarehouse _warehouse;

    public StreamLoaderInMemoryTests()
    {
        _objects = new InMemoryObjectStore(_clock);
        _state = new InMemoryStateStore(_clock);
        _warehouse = new NonPublishingWarehouse(_clock);
    }

    private StreamLoader Loader(params IFileReader[] readers)
        => new(_objects, _state, _warehouse, readers, new LoaderOptions { Owner = "loader", LeaseTtl = Ttl }, _clock);

    private Task LandAsync(string name, string content = "id\n1\n")
        => _objects.PutAsync(Stream.Prefix + name, new MemoryStream(Encoding.UTF8.GetBytes(content)), default);

    private async Task<ObjectInfo> ListedAsync(string name)
    {
        await foreach (var o in _objects.ListAsync(Stream.Prefix + name, default))
        {
            return o;
        }
        throw new InvalidOperationException($"{name} is not landed");
    }

    private Task<IReadOnlyDictionary<string, LedgerEntry>> LedgerAsync() => _state.GetLedgerAsync(Stream, default);

    /// <summary>Whether nobody holds the stream's lease now (taking it and giving it back).</summary>
    private async Task<bool> LeaseIsFreeAsync()
    {
        var probe = await _state.TryAcquireLeaseAsync(Stream, "probe", Ttl, default);
        if (probe is null)
        {
            return false;
        }
        await _state.ReleaseLeaseAsync(probe, default);
        return true;
    }

    [Fact]
    public async Task An_empty_stream_is_nothing_pending_logged_released_and_never_opens_the_warehouse()
    {
        await _objects.PutAsync("acme/canonical/tickets_old/a.txt", new MemoryStream([1]), default); // another stream's prefix
        var run = await Loader().LoadAsync(Stream, Contract, default);
        Assert.Equal(LoadOutcome.NothingPending, run.Outcome);
        Assert.Equal(0, run.FilesSeen);
        Assert.Null(run.Error);
        Assert.Equal(0, _warehouse.Calls);
        var logged = Assert.Single(await _state.GetRunsAsync(Stream, run.Started, default));
        Assert.Equal((run.LoadId, LoadOutcome.NothingPending, "loader"), (logged.LoadId, logged.Outcome, logged.Owner));
        Assert.True(await LeaseIsFreeAsync());
    }

    [Fact]
    public async Task A_lease_held_by_another_worker_skips_the_stream_and_leaves_the_lease_and_files_alone()
    {
        await LandAsync("a.txt");
        var other = await _state.TryAcquireLeaseAsync(Stream, "other-worker", Ttl, default);
        Assert.NotNull(other);

        var run = await Loader().LoadAsync(Stream, Contract, default);

        Assert.Equal(LoadOutcome.SkippedLeaseHeld, run.Outcome);
        Assert.Equal(0, run.FilesSeen);
        Assert.Empty(await LedgerAsync());
        Assert.Equal(0, _warehouse.Calls);
        Assert.Equal(LoadOutcome.SkippedLeaseHeld, Assert.Single(await _state.GetRunsAsync(Stream, run.Started, default)).Outcome);
        Assert.NotNull(await _state.RenewLeaseAsync(other, Ttl, default)); // still the other worker's
        Assert.False(await LeaseIsFreeAsync());
    }

    [Fact]
    public async Task A_file_of_an_unsupported_format_is_quarantined_with_the_reason_and_not_pending_next_time()
    {
        await LandAsync("notes.txt");
        var run = await Loader().LoadAsync(Stream, Contract, default);

        Assert.Equal(LoadOutcome.Loaded, run.Outcome);
        Assert.Equal((1L, 0L, 1L, 0L), (run.FilesSeen, run.FilesCommitted, run.FilesQuarantined, run.RowsRead));
        var file = await ListedAsync("notes.txt");
        var entry = Assert.Single(await LedgerAsync()).Value;
        Assert.Equal((file.Identity, file.Key, FileStatus.Quarantined, run.LoadId), (entry.Identity, entry.Key, entry.Status, entry.LoadId));
        Assert.Contains("unsupported file format", entry.Reason, StringComparison.Ordinal);
        Assert.Contains(file.Key, entry.Reason, StringComparison.Ordinal);
        Assert.Equal([Contract.Table], _warehouse.Tables); // the table is ensured before the first batch; nothing is published

        var again = await Loader().LoadAsync(Stream, Contract, default);
        Assert.Equal(LoadOutcome.NothingPending, again.Outcome);
        Assert.Equal((1L, 1L), (again.FilesSeen, again.FilesAlreadyLoaded));
        Assert.True(await LeaseIsFreeAsync());
    }

    [Fact]
    public async Task A_file_its_reader_refuses_is_quarantined_naming_row_and_column()
    {
        await LandAsync("a.csv");
        var run = await Loader(new TestFileReader(".csv")).LoadAsync(Stream, Contract, default);
        Assert.Equal(LoadOutcome.Loaded, run.Outcome);
        Assert.Equal(1, run.FilesQuarantined);
        var entry = Assert.Single(await LedgerAsync()).Value;
        Assert.Equal(FileStatus.Quarantined, entry.Status);
        Assert.Equal($"{Stream.Prefix}a.csv: row 1, column 'qty': {TestFileReader.Problem}", entry.Reason);
    }

    [Fact]
    public async Task Files_already_in_the_ledger_are_not_pending_and_only_the_new_one_is_read()
    {
        await LandAsync("a.txt", "id\n1\n");
        await LandAsync("b.txt", "id\n2\n");
        var lease = (await _state.TryAcquireLeaseAsync(Stream, "earlier-worker", Ttl, default))!;
        foreach (var name in new[] { "a.txt", "b.txt" })
        {
            var file = await ListedAsync(name);
            Assert.True(await _state.RecordAsync(lease, [new LedgerEntry(file.Identity, file.Key, FileStatus.Committed, 1, "load-0", _clock.GetUtcNow())], default));
        }
        await _state.ReleaseLeaseAsync(lease, default);

        var none = await Loader().LoadAsync(Stream, Contract, default);
        Assert.Equal(LoadOutcome.NothingPending, none.Outcome);
        Assert.Equal((2L, 2L), (none.FilesSeen, none.FilesAlreadyLoaded));
        Assert.Equal(0, _warehouse.Calls);

        await LandAsync("c.txt");
        var one = await Loader().LoadAsync(Stream, Contract, default);
        Assert.Equal((3L, 2L, 1L), (one.FilesSeen, one.FilesAlreadyLoaded, one.FilesQuarantined));
        var ledger = await LedgerAsync();
        Assert.Equal(3, ledger.Count);
        Assert.Equal(FileStatus.Quarantined, ledger[(await ListedAsync("c.txt")).Identity].Status);
        Assert.Equal(FileStatus.Committed, ledger[(await ListedAsync("a.txt")).Identity].Status);
    }

    [Fact]
    public async Task A_file_rewritten_after_it_was_recorded_is_a_new_file_and_pending_again()
    {
        await LandAsync("a.txt", "id\n1\n");
        var first = await Loader().LoadAsync(Stream, Contract, default);
        Assert.Equal(1, first.FilesQuarantined);
        await LandAsync("a.txt", "id\n2\n");

        var second = await Loader().LoadAsync(Stream, Contract, default);

        Assert.Equal(LoadOutcome.Loaded, second.Outcome);
        Assert.Equal((1L, 0L, 1L), (second.FilesSeen, second.FilesAlreadyLoaded, second.FilesQuarantined));
        var ledger = await LedgerAsync();
        Assert.Equal(2, ledger.Count);
        Assert.All(ledger.Values, e => Assert.Equal(Stream.Prefix + "a.txt", e.Key));
        Assert.Contains((await ListedAsync("a.txt")).Identity, ledger.Keys);
    }

    [Fact]
    public async Task A_readmitted_file_is_pending_again()
    {
        await LandAsync("a.txt");
        await Loader().LoadAsync(Stream, Contract, default);
        Assert.Equal(1, await _state.ReadmitAsync(Stream, null, default));
        Assert.Empty(await LedgerAsync());

        var run = await Loader().LoadAsync(Stream, Contract, default);
        Assert.Equal((1L, 0L, 1L), (run.FilesSeen, run.FilesAlreadyLoaded, run.FilesQuarantined));
        Assert.Single(await LedgerAsync());
    }

    [Fact]
    public async Task A_lease_taken_over_while_the_batch_is_read_records_nothing_and_is_lost_lease()
    {
        await LandAsync("a.csv");
        Lease? taker = null;
        var reader = new TestFileReader(".csv", _ =>
        {
            // The loader stalls past its lease while reading; another worker takes the stream over.
            _clock.Advance(Ttl + TimeSpan.FromSeconds(1));
            taker = _state.TryAcquireLeaseAsync(Stream, "taker", Ttl, default).GetAwaiter().GetResult();
        });

        var run = await Loader(reader).LoadAsync(Stream, Contract, default);

        Assert.NotNull(taker);
        Assert.Equal(LoadOutcome.LostLease, run.Outcome);
        Assert.Equal((0L, 0L), (run.FilesCommitted, run.FilesQuarantined));
        Assert.Empty(await LedgerAsync());
        Assert.NotNull(await _state.RenewLeaseAsync(taker, Ttl, default)); // the loader's release did not free the taker's lease
        Assert.Equal(LoadOutcome.LostLease, Assert.Single(await _state.GetRunsAsync(Stream, run.Started, default)).Outcome);
    }

    [Fact]
    public async Task A_file_deleted_between_listing_and_reading_is_recorded_neither_way()
    {
        await LandAsync("a.csv");
        await LandAsync("b.txt");
        // The reader is chosen before the file is opened: deleting the file there is a delete after the listing.
        var reader = new DeletingChooser(".csv", key => _objects.Delete(key));

        var run = await Loader(reader).LoadAsync(Stream, Contract, default);

        Assert.Equal(LoadOutcome.Loaded, run.Outcome);
        Assert.Equal((2L, 1L), (run.FilesSeen, run.FilesQuarantined));
        Assert.Equal([(await ListedAsync("b.txt")).Identity], (await LedgerAsync()).Keys);
    }

    [Fact]
    public async Task A_stop_requested_before_the_start_does_nothing_and_logs_nothing()
    {
        await LandAsync("a.txt");
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        var loader = new StreamLoader(_objects, _state, _warehouse, [], new LoaderOptions { Owner = "loader", LeaseTtl = Ttl }, _clock) { StopRequested = stop.Token };

        var run = await loader.LoadAsync(Stream, Contract, default);

        Assert.Equal(LoadOutcome.Stopped, run.Outcome);
        Assert.Empty(await _state.GetRunsAsync(null, DateTimeOffset.MinValue, default));
        Assert.Empty(await LedgerAsync());
        Assert.True(await LeaseIsFreeAsync());
    }

    /// <summary>Claims files of one extension and deletes each as it is chosen for it (before the loader opens it); never reads.</summary>
    private sealed class DeletingChooser(string extension, Action<string> delete) : IFileReader
    {
        public bool CanRead(string key)
        {
            if (!key.EndsWith(extension, StringComparison.Ordinal))
            {
                return false;
            }
            delete(key);
            return true;
        }

        public IAsyncEnumerable<object?[]> ReadAsync(Stream content, string key, TableContract contract, ReadOptions options, CancellationToken cancellationToken)
            => throw new InvalidOperationException($"{key} was deleted before it was opened");
    }
}
