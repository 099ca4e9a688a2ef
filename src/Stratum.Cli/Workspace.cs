using Stratum.Cli.Adapters;
using Stratum.Cli.Config;
using Stratum.Contracts;
using Stratum.Formats;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Objects;
using Stratum.State;
using Stratum.Tenants;
using Stratum.Warehouse;

namespace Stratum.Cli;

/// <summary>
/// What a command works on: the resolved settings and the adapters they name, opened lazily
/// (a command that needs no warehouse never opens one).
/// </summary>
public sealed class Workspace : IAsyncDisposable
{
    private IObjectStore? _objects;
    private IStateStore? _state;
    private IWarehouse? _warehouse;
    private IReadOnlyList<TableContract>? _contracts;
    private ITenantRegistry? _tenants;
    private bool _stateReady;

    public Workspace(ProjectSettings settings, TimeProvider clock)
    {
        Settings = settings;
        Clock = clock;
    }

    public ProjectSettings Settings { get; }
    public TimeProvider Clock { get; }

    public IObjectStore Objects => _objects ??= AdapterFactory.Objects(Settings.Objects, Settings.BaseDirectory);

    public IWarehouse Warehouse => _warehouse ??= AdapterFactory.Warehouse(Settings.Warehouse, Settings.BaseDirectory, Clock);

    public ITenantRegistry Tenants => _tenants ??= AdapterFactory.Tenants(Settings.Tenants, Objects);

    public IReadOnlyList<TableContract> Contracts => _contracts ??= ContractLoader.LoadFolder(Settings.ContractsPath);

    public async Task<IStateStore> StateAsync(CancellationToken ct)
    {
        _state ??= AdapterFactory.State(Settings.State, Settings.BaseDirectory, Clock);
        if (!_stateReady)
        {
            await _state.EnsureCreatedAsync(ct);
            _stateReady = true;
        }
        return _state;
    }

    public TableContract Contract(string table)
    {
        var id = Identifier.Parse(table, "table");
        return Contracts.FirstOrDefault(c => c.Table == id)
            ?? throw new ConfigException($"no contract for table '{table}' in {Settings.ContractsPath}; known: {string.Join(", ", Contracts.Select(c => c.Table))}");
    }

    public LoaderOptions LoaderOptions => new() { LeaseTtl = Settings.LeaseTtl, BatchBytes = Settings.BatchBytes, BatchRows = Settings.BatchRows, SpillDirectory = Settings.SpillDirectory is { } d ? Path.GetFullPath(d, Settings.BaseDirectory) : null };

    public async Task<StreamLoader> NewLoaderAsync(Action<LoadProgress>? progress, CancellationToken ct)
        => new(Objects, await StateAsync(ct), Warehouse, FileReaders.All, LoaderOptions, Clock) { Progress = progress };

    /// <summary>Every stream to load: enabled tenants × contracts, optionally narrowed.</summary>
    public async Task<IReadOnlyList<(StreamId Stream, TableContract Contract)>> StreamsAsync(
        IReadOnlyCollection<string> tenants, IReadOnlyCollection<string> tables, CancellationToken ct)
    {
        IReadOnlyList<TenantId> ids = tenants.Count > 0 ? [.. tenants.Select(TenantId.Parse)] : await Tenants.ListEnabledAsync(ct);
        var contracts = tables.Count > 0 ? [.. tables.Select(Contract)] : Contracts;
        return [.. from t in ids from c in contracts select (new StreamId(t, c.Table), c)];
    }

    /// <summary>
    /// The streams of <see cref="StreamsAsync"/> and what landed that will never be loaded
    /// (<see cref="LandingSurvey"/>). The root is surveyed only when the command covers every stream
    /// (no <c>--tenant</c>, no <c>--table</c>): a walk of the folders, never of the files
    /// (<see cref="LandingSurveyor"/>). Unreadable files inside a stream's folder are found by the
    /// stream's own listing, not here.
    /// </summary>
    public async Task<(IReadOnlyList<(StreamId Stream, TableContract Contract)> Streams, IReadOnlyList<UnloadableObject> Unloadable)> SurveyAsync(
        IReadOnlyCollection<string> tenants, IReadOnlyCollection<string> tables, CancellationToken ct)
    {
        if (tenants.Count > 0 || tables.Count > 0)
        {
            return (await StreamsAsync(tenants, tables, ct), []);
        }
        var ids = await Tenants.ListEnabledAsync(ct);
        IReadOnlyList<(StreamId, TableContract)> streams = [.. from t in ids from c in Contracts select (new StreamId(t, c.Table), c)];
        IReadOnlySet<TenantId>? enabled = Tenants is FolderTenantRegistry ? null : ids.ToHashSet();
        var survey = await new LandingSurveyor(Objects).SurveyAsync(enabled, Contracts.Select(c => c.Table).ToHashSet(), Tenants.Describe, ct);
        return (streams, survey.Unloadable);
    }

    public async ValueTask DisposeAsync()
    {
        if (_objects is not null)
        {
            await _objects.DisposeAsync();
        }
        if (_state is not null)
        {
            await _state.DisposeAsync();
        }
        if (_warehouse is not null)
        {
            await _warehouse.DisposeAsync();
        }
        if (_tenants is IAsyncDisposable t)
        {
            await t.DisposeAsync();
        }
        else if (_tenants is IDisposable d)
        {
            d.Dispose();
        }
    }
}
