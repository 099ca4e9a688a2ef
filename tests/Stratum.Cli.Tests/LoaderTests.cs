using System.Globalization;
using System.Text;
using Stratum.Contracts;
using Stratum.Formats.Writing;
using Stratum.Invariants;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Sqlite;
using Stratum.State;

namespace Stratum.Cli.Tests;

/// <summary>The loader on real files, a real SQLite state file and a real DuckDB warehouse file.</summary>
public class LoaderTests
{
    [Fact]
    public async Task Forty_four_concurrent_workers_produce_exactly_the_single_worker_table()
    {
        await using var single = new EmbeddedWorld();
        await using var many = new EmbeddedWorld();
        var files = single.Generate(records: 300, syncs: 8);
        foreach (var f in files)
        {
            await single.LandAsync(f);
            await many.LandAsync(f);
        }
        var one = await single.LoadAsync();
        Assert.Equal(LoadOutcome.Loaded, one.Outcome);

        var state = new SqliteStateStore(many.StatePath, TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        using var go = new SemaphoreSlim(0);
        var workers = Enumerable.Range(0, 44).Select(i => Task.Run(async () =>
        {
            var loader = many.Loader($"w{i}", state: new SqliteStateStore(many.StatePath, TimeProvider.System));
            await go.WaitAsync();
            return await loader.LoadAsync(many.Stream, many.Contract, default);
        })).ToList();
        go.Release(44);
        var runs = await Task.WhenAll(workers);

        Assert.All(runs, r => Assert.Null(r.Error));
        Assert.Single(runs, r => r.Outcome == LoadOutcome.Loaded);
        var expected = await single.TableAsync();
        var actual = await many.TableAsync();
        Assert.Equal(EmbeddedWorld.Canonical(expected), EmbeddedWorld.Canonical(actual));
        Assert.Empty(InvariantChecker.Check(actual));
        Assert.Equal(300, actual.Count(r => r.IsCurrent));
    }

    [Fact]
    public async Task Loading_again_adds_nothing_and_changes_nothing()
    {
        await using var w = new EmbeddedWorld();
        foreach (var f in w.Generate())
        {
            await w.LandAsync(f);
        }
        var first = await w.LoadAsync();
        var before = await w.TableAsync();
        var second = await w.LoadAsync();
        var after = await w.TableAsync();
        Assert.Equal(LoadOutcome.Loaded, first.Outcome);
        Assert.Equal(LoadOutcome.NothingPending, second.Outcome);
        Assert.Equal(first.FilesCommitted + first.FilesAlreadyLoaded, second.FilesAlreadyLoaded);
        Assert.Equal(before.Count, after.Count);
        Assert.All(before, b => Assert.Contains(after, a => a.SameAs(b))); // lineage included
        Assert.True(first.Counts.Reconciles);
        Assert.Equal(first.RowsRead, first.Counts.Incoming);
    }

    [Fact]
    public async Task A_file_landed_later_is_loaded_even_when_its_modified_time_is_older_than_everything()
    {
        await using var w = new EmbeddedWorld();
        var files = w.Generate(syncs: 5);
        foreach (var f in files.Take(4))
        {
            await w.LandAsync(f);
        }
        await w.LoadAsync();
        var late = files[^1];
        await w.LandAsync(late);
        File.SetLastWriteTimeUtc(w.PathOf(late.Name), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var run = await w.LoadAsync();
        Assert.Equal(1, run.FilesCommitted);
        Assert.Equal(late.Rows.Count, run.RowsRead);
        var ledger = await w.LedgerAsync();
        Assert.Contains(ledger.Values, e => e.Key.EndsWith(late.Name, StringComparison.Ordinal) && e.Status == FileStatus.Committed);
    }

    [Fact]
    public async Task A_file_whose_content_changes_under_the_same_key_is_a_new_file()
    {
        await using var w = new EmbeddedWorld();
        var files = w.Generate(records: 50, syncs: 2);
        await w.LandAsync(files[0], "sync.parquet");
        await w.LoadAsync();
        // Same key, new content: every row updated an hour later.
        var idx = w.Contract.Ordinal("notes");
        var changed = files[0].Rows.Select(r =>
        {
            var copy = (object?[])r.Clone();
            copy[idx] = "rewritten";
            copy[w.Contract.EventTimeOrdinal] = ((DateTime)r[w.Contract.EventTimeOrdinal]!).AddHours(1);
            return copy;
        }).ToList();
        await w.LandAsync(new Simulation.MspDataGenerator.GeneratedFile("sync.parquet", changed));
        var run = await w.LoadAsync();
        Assert.Equal(1, run.FilesCommitted);
        Assert.Equal(changed.Count, run.Counts.Inserted);
        var table = await w.TableAsync();
        Assert.Equal(changed.Count, table.Count(r => r.IsCurrent && (string?)r.Values[idx] == "rewritten"));
        Assert.Equal(2, (await w.LedgerAsync()).Count);
    }

    [Fact]
    public async Task A_file_with_a_missing_column_is_quarantined_naming_it_and_its_near_match_while_the_others_load()
    {
        await using var w = new EmbeddedWorld();
        var files = w.Generate(records: 40, syncs: 3);
        foreach (var f in files.Take(2))
        {
            await w.LandAsync(f);
        }
        // The original pipeline's mistake: the file says created_date where the table wants date_entered.
        var csv = new StringBuilder("id,created_date,source_system,source_id,last_updated\n");
        csv.Append("900001,2025-06-21 10:00:00,connectwise,900001,2025-06-21T10:05:00Z\n");
        await w.Objects.PutAsync(w.Stream.Prefix + "bad-schema.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), default);

        var run = await w.LoadAsync();
        Assert.Equal(1, run.FilesQuarantined);
        Assert.Equal(2, run.FilesCommitted);
        var bad = (await w.LedgerAsync()).Values.Single(e => e.Status == FileStatus.Quarantined);
        Assert.Contains("bad-schema.csv", bad.Reason, StringComparison.Ordinal);
        Assert.Contains("date_entered", bad.Reason, StringComparison.Ordinal);
        Assert.Contains("created_date", bad.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(await w.TableAsync(), r => r.Key.Text == "900001");

        // Quarantined files are not retried by later loads.
        var again = await w.LoadAsync();
        Assert.Equal(LoadOutcome.NothingPending, again.Outcome);
    }

    /// <summary>
    /// Past <c>load.batch_rows</c> a batch is spilled by key and published in chunks, in one
    /// publish: the table, the counts and the ledger are those of the batch held whole, in one
    /// load and in a second load over a grown table.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    public async Task A_batch_published_in_chunks_is_the_batch_published_whole(long batchRows)
    {
        await using var whole = new EmbeddedWorld();
        await using var chunked = new EmbeddedWorld();
        var files = whole.Generate(records: 120, syncs: 6);
        foreach (var (f, i) in files.Select((f, i) => (f, i)))
        {
            if (i == files.Count - 1)
            {
                continue; // landed after the first load: the second plans over existing history
            }
            await whole.LandAsync(f);
            await chunked.LandAsync(f);
        }
        var options = new LoaderOptions { BatchRows = batchRows };
        for (var pass = 0; pass < 2; pass++)
        {
            var a = await whole.LoadAsync();
            var b = await chunked.LoadAsync(options: options);
            Assert.Equal(LoadOutcome.Loaded, b.Outcome);
            Assert.Equal(a.Counts, b.Counts);
            Assert.Equal(a.FilesCommitted, b.FilesCommitted);
            Assert.Equal(EmbeddedWorld.Canonical(await whole.TableAsync()), EmbeddedWorld.Canonical(await chunked.TableAsync()));
            Assert.Equal((await whole.LedgerAsync()).Values.Select(e => (e.Key, e.Rows, e.NewestEventTime)).Order(),
                (await chunked.LedgerAsync()).Values.Select(e => (e.Key, e.Rows, e.NewestEventTime)).Order());
            await whole.LandAsync(files[^1]);
            await chunked.LandAsync(files[^1]);
        }
        Assert.Empty(InvariantChecker.Check(await chunked.TableAsync()));
    }

    /// <summary>A file refused at its fourth row adds none of its first three, whether the batch is held whole or spilled.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task A_file_refused_part_way_adds_none_of_its_rows(long batchRows)
    {
        await using var w = new EmbeddedWorld();
        var files = w.Generate(records: 10, syncs: 1);
        await w.LandAsync(files[0]);
        // Three good rows of new keys, then one whose key is missing: the reader refuses the file at its fourth row.
        var key = w.Contract.KeyOrdinals[0];
        var rows = files[0].Rows.Take(4).Select((r, i) =>
        {
            var copy = (object?[])r.Clone();
            copy[key] = i == 3 ? null : w.Contract.Columns[key].Type.Kind == ColumnKind.Int64 ? 900_000L + i : $"90000{i}";
            return copy;
        }).ToList();
        using (var csv = new MemoryStream())
        {
            await CsvFileWriter.WriteAsync(csv, w.Contract, rows, default);
            csv.Position = 0;
            await w.Objects.PutAsync(w.Stream.Prefix + "zz-bad-row.csv", csv, default);
        }

        var options = batchRows > 0 ? new LoaderOptions { BatchRows = batchRows } : new LoaderOptions();
        var run = await w.LoadAsync(options: options);
        Assert.Equal(1, run.FilesQuarantined);
        Assert.Equal(1, run.FilesCommitted);
        var bad = (await w.LedgerAsync()).Values.Single(e => e.Status == FileStatus.Quarantined);
        Assert.Contains("row 4", bad.Reason, StringComparison.Ordinal);
        var table = await w.TableAsync();
        Assert.DoesNotContain(table, r => r.Key.Text.StartsWith("90000", StringComparison.Ordinal));
        Assert.Equal(files[0].Rows.Count, table.Count);
        Assert.Equal(run.RowsRead, run.Counts.Incoming);
    }

    [Fact]
    public async Task A_worker_that_cannot_renew_its_lease_stops_before_publishing()
    {
        await using var w = new EmbeddedWorld();
        foreach (var f in w.Generate(records: 30, syncs: 2))
        {
            await w.LandAsync(f);
        }
        var real = new SqliteStateStore(w.StatePath, TimeProvider.System);
        await real.EnsureCreatedAsync(default);
        var run = await w.Loader(state: new LosesLeaseOnRenew(real, renewalsAllowed: 1)).LoadAsync(w.Stream, w.Contract, default);
        Assert.Equal(LoadOutcome.LostLease, run.Outcome);
        Assert.Empty(await w.TableAsync());
        Assert.Empty(await w.LedgerAsync());
        var next = await w.LoadAsync();
        Assert.Equal(LoadOutcome.Loaded, next.Outcome);
    }

    [Fact]
    public async Task The_run_log_records_every_pass_with_reconciled_counts()
    {
        await using var w = new EmbeddedWorld();
        foreach (var f in w.Generate(records: 30, syncs: 3))
        {
            await w.LandAsync(f);
        }
        var run = await w.LoadAsync();
        var state = new SqliteStateStore(w.StatePath, TimeProvider.System);
        var logged = Assert.Single(await state.GetRunsAsync(w.Stream, DateTimeOffset.MinValue, default));
        Assert.Equal(run.LoadId, logged.LoadId);
        Assert.Equal(run.RowsRead, logged.Counts.Incoming);
        Assert.Equal(run.FilesSeen, logged.FilesCommitted + logged.FilesQuarantined + logged.FilesAlreadyLoaded);
    }

    /// <summary>A state store whose lease renewals start failing, as when another worker took over.</summary>
    private sealed class LosesLeaseOnRenew(IStateStore inner, int renewalsAllowed) : IStateStore
    {
        private int _renewals;

        public string Describe => inner.Describe;
        public Task EnsureCreatedAsync(CancellationToken ct) => inner.EnsureCreatedAsync(ct);
        public Task<Lease?> TryAcquireLeaseAsync(StreamId s, string o, TimeSpan t, CancellationToken ct) => inner.TryAcquireLeaseAsync(s, o, t, ct);
        public Task<Lease?> RenewLeaseAsync(Lease l, TimeSpan t, CancellationToken ct)
            => Interlocked.Increment(ref _renewals) > renewalsAllowed ? Task.FromResult<Lease?>(null) : inner.RenewLeaseAsync(l, t, ct);
        public Task ReleaseLeaseAsync(Lease l, CancellationToken ct) => inner.ReleaseLeaseAsync(l, ct);
        public Task<IReadOnlyDictionary<string, LedgerEntry>> GetLedgerAsync(StreamId s, CancellationToken ct) => inner.GetLedgerAsync(s, ct);
        public Task<bool> RecordAsync(Lease l, IReadOnlyList<LedgerEntry> e, CancellationToken ct) => inner.RecordAsync(l, e, ct);
        public Task<int> ReadmitAsync(StreamId s, IReadOnlyCollection<string>? i, CancellationToken ct) => inner.ReadmitAsync(s, i, ct);
        public Task AppendRunAsync(RunRecord r, CancellationToken ct) => inner.AppendRunAsync(r, ct);
        public Task<IReadOnlyList<RunRecord>> GetRunsAsync(StreamId? s, DateTimeOffset since, CancellationToken ct) => inner.GetRunsAsync(s, since, ct);
        public Task<IReadOnlyList<StreamId>> ListStreamsAsync(CancellationToken ct) => inner.ListStreamsAsync(ct);
        public Task<BreakerState> GetBreakerAsync(StreamId s, CancellationToken ct) => inner.GetBreakerAsync(s, ct);
        public Task<BreakerState?> TryWriteBreakerAsync(BreakerState b, CancellationToken ct) => inner.TryWriteBreakerAsync(b, ct);
        public Task<IReadOnlyList<BreakerState>> ListOpenBreakersAsync(CancellationToken ct) => inner.ListOpenBreakersAsync(ct);
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
