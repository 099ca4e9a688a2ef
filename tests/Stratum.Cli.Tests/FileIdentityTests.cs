using System.Security.Cryptography;
using System.Text;
using Stratum.Contracts;
using Stratum.DuckDb;
using Stratum.Formats;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.Sqlite;
using Stratum.State;

namespace Stratum.Cli.Tests;

/// <summary>
/// A file is its key and its content (issue 10): the same bytes under another key are another
/// file, and a file whose content changed between listing and reading is never recorded under the
/// identity of content it no longer has. Real files, SQLite and DuckDB.
/// </summary>
public sealed class FileIdentityTests : IAsyncDisposable
{
    private const string At10 = "s-2025-06-21T10-00-00Z.csv";
    private const string At11 = "s-2025-06-21T11-00-00Z.csv";
    private const string At12 = "s-2025-06-21T12-00-00Z.csv";

    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-identity-").FullName;
    private readonly TableContract _contract = ContractLoader.Parse(
        "table: status\nkey: [id]\nevent_time: file:key\ncolumns:\n  id: int64\n  v: string?\n", "status.yaml");
    private readonly LocalFolderObjectStore _objects;
    private readonly StreamId _stream;

    public FileIdentityTests()
    {
        _objects = new LocalFolderObjectStore(Path.Combine(_dir, "landing"));
        _stream = new StreamId(TenantId.Parse("acme"), _contract.Table);
    }

    private string StatePath => Path.Combine(_dir, "state.db");

    private Task LandAsync(string name, string csv)
        => _objects.PutAsync(_stream.Prefix + name, new MemoryStream(Encoding.UTF8.GetBytes(csv)), default);

    private async Task<RunRecord> LoadAsync(IObjectStore? objects = null)
    {
        var state = new SqliteStateStore(StatePath, TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        var loader = new StreamLoader(objects ?? _objects, state, new DuckDbWarehouse(Path.Combine(_dir, "warehouse.duckdb")),
            FileReaders.All, new LoaderOptions { Owner = "test" }, TimeProvider.System);
        return await loader.LoadAsync(_stream, _contract, default);
    }

    private async Task<IReadOnlyDictionary<string, LedgerEntry>> LedgerAsync()
    {
        var state = new SqliteStateStore(StatePath, TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        return await state.GetLedgerAsync(_stream, default);
    }

    private async Task<List<string>> VersionsAsync()
    {
        var rows = await new DuckDbWarehouse(Path.Combine(_dir, "warehouse.duckdb")).ReadAllAsync(_contract, _stream.Tenant, default);
        var v = _contract.Ordinal("v");
        return [.. rows.OrderBy(r => r.Key.Text, StringComparer.Ordinal).ThenBy(r => r.EffectiveDate)
            .Select(r => $"{r.Key.Text}:{r.Values[v]}@{r.EffectiveDate:HH}{(r.IsCurrent ? "*" : "")}")];
    }

    private async Task<List<ObjectInfo>> ListAsync()
    {
        var listed = new List<ObjectInfo>();
        await foreach (var o in _objects.ListAsync(_stream.Prefix, default))
        {
            listed.Add(o);
        }
        return listed;
    }

    [Fact]
    public async Task The_same_bytes_under_a_later_key_are_a_new_event_when_event_time_is_the_key()
    {
        await LandAsync(At10, "id,v\n1,A\n");
        await LandAsync(At11, "id,v\n1,B\n");
        await LandAsync(At12, "id,v\n1,A\n"); // the same bytes as 10:00: the value returned to A at 12:00
        var run = await LoadAsync();

        Assert.Equal(LoadOutcome.Loaded, run.Outcome);
        Assert.Equal(3, run.FilesCommitted);
        Assert.Equal(["1:A@10", "1:B@11", "1:A@12*"], await VersionsAsync());
        Assert.Equal(3, (await LedgerAsync()).Count);
    }

    [Fact]
    public async Task A_quarantined_twin_with_the_same_bytes_does_not_hide_the_valid_file()
    {
        await LandAsync("s-2025-06-21T10-00-00Z.txt", "id,v\n1,A\n"); // unsupported extension
        var first = await LoadAsync();
        Assert.Equal(1, first.FilesQuarantined);

        await LandAsync(At10, "id,v\n1,A\n"); // the valid twin, landed later
        var second = await LoadAsync();
        Assert.Equal(LoadOutcome.Loaded, second.Outcome);
        Assert.Equal(1, second.FilesCommitted);
        Assert.Equal(1, second.FilesAlreadyLoaded);
        Assert.Equal(["1:A@10*"], await VersionsAsync());
    }

    [Fact]
    public async Task A_file_rewritten_between_listing_and_reading_stays_pending_and_the_next_pass_loads_its_new_content()
    {
        await LandAsync(At10, "id,v\n1,A\n");
        await LandAsync(At11, "id,v\n2,X\n");
        var listedBefore = (await ListAsync()).Single(f => f.Key.EndsWith(At10, StringComparison.Ordinal));
        var rewriting = new HookedObjectStore(_objects)
        {
            BeforeOpen = async f =>
            {
                if (f.Key.EndsWith(At10, StringComparison.Ordinal))
                {
                    await LandAsync(At10, "id,v\n1,B\n"); // the pipeline rewrites it after the loader listed it
                }
            },
        };

        var first = await LoadAsync(rewriting);
        Assert.Equal(LoadOutcome.Loaded, first.Outcome);
        Assert.Equal(1, first.FilesCommitted);
        Assert.Contains(_stream.Prefix + At10, first.Error, StringComparison.Ordinal);
        var ledger = await LedgerAsync();
        Assert.DoesNotContain(listedBefore.Identity, ledger.Keys); // never recorded under content it no longer has
        Assert.DoesNotContain(ledger.Values, e => e.Key.EndsWith(At10, StringComparison.Ordinal)); // neither committed nor quarantined
        Assert.Equal(["2:X@11*"], await VersionsAsync());

        var second = await LoadAsync();
        Assert.Equal(LoadOutcome.Loaded, second.Outcome);
        Assert.Null(second.Error);
        Assert.Equal(1, second.FilesCommitted);
        Assert.Equal(["1:B@10*", "2:X@11*"], await VersionsAsync());
        var now = (await ListAsync()).Single(f => f.Key.EndsWith(At10, StringComparison.Ordinal));
        Assert.Equal(_stream.Prefix + At10, (await LedgerAsync())[now.Identity].Key);
    }

    [Fact]
    public async Task Ledger_entries_recorded_with_the_old_content_only_identity_still_count_for_their_own_key()
    {
        const string csv = "id,v\n1,A\n";
        await LandAsync(At10, csv);
        var bytes = Encoding.UTF8.GetBytes(csv);
        var oldForm = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}:{bytes.Length}";
        var state = new SqliteStateStore(StatePath, TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        var lease = await state.TryAcquireLeaseAsync(_stream, "old-loader", TimeSpan.FromMinutes(1), default);
        Assert.NotNull(lease);
        Assert.True(await state.RecordAsync(lease, [new LedgerEntry(oldForm, _stream.Prefix + At10, FileStatus.Committed, 1, "old", DateTimeOffset.UtcNow)], default));
        await state.ReleaseLeaseAsync(lease, default);

        var again = await LoadAsync();
        Assert.Equal(LoadOutcome.NothingPending, again.Outcome);
        Assert.Equal(1, again.FilesAlreadyLoaded);

        await LandAsync(At12, csv); // the same bytes under another key: the old entry is not its own
        var next = await LoadAsync();
        Assert.Equal(LoadOutcome.Loaded, next.Outcome);
        Assert.Equal(1, next.FilesAlreadyLoaded);
        Assert.Equal(1, next.FilesCommitted);
        Assert.Equal(["1:A@12*"], await VersionsAsync());
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder.
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>An object store that runs a hook before each read (after the loader has listed).</summary>
    private sealed class HookedObjectStore(IObjectStore inner) : IObjectStore
    {
        public Func<ObjectInfo, Task>? BeforeOpen { get; init; }
        public string Describe => inner.Describe;
        public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken ct) => inner.ListAsync(prefix, ct);

        public async Task<Stream> OpenReadAsync(ObjectInfo obj, CancellationToken ct)
        {
            if (BeforeOpen is not null)
            {
                await BeforeOpen(obj);
            }
            return await inner.OpenReadAsync(obj, ct);
        }

        public Task PutAsync(string key, Stream content, CancellationToken ct) => inner.PutAsync(key, content, ct);
        public IAsyncEnumerable<string> ListTenantFoldersAsync(CancellationToken ct) => inner.ListTenantFoldersAsync(ct);
        public IAsyncEnumerable<FolderEntry> ListFolderAsync(string prefix, CancellationToken ct) => inner.ListFolderAsync(prefix, ct);
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
