using Stratum.Adapters;
using Stratum.Breaking;
using Stratum.Contracts;
using Stratum.Formats;
using Stratum.Hosting;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Reading;
using Stratum.State;
using Stratum.Tenants;
using Stratum.Warehouse;

namespace Stratum.Configuration;

/// <summary>
/// What a command works on: the resolved settings and the adapters they name, opened lazily
/// (a command that needs no warehouse never opens one).
/// </summary>
public sealed class Workspace : IDeployment, IAsyncDisposable
{
    private IObjectStore? _objects;
    private IStateStore? _state;
    private IWarehouse? _warehouse;
    private IReadOnlyList<TableContract>? _contracts;
    private ITenantRegistry? _tenants;
    private bool _stateReady;
    private StreamPass? _pass;

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

    public async Task<IStateStore> StateAsync(CancellationToken cancellationToken)
    {
        _state ??= AdapterFactory.State(Settings.State, Settings.BaseDirectory, Clock);
        if (!_stateReady)
        {
            await _state.EnsureCreatedAsync(cancellationToken);
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

    public IReadOnlyList<IFileReader> Readers => FileReaders.All;

    /// <summary>The project's <c>breaker:</c> section (<see cref="BreakerPolicy.Default"/> without one).</summary>
    public BreakerPolicy Breaker => Settings.Breaker;

    /// <summary>Loads, probes and checks this workspace's streams (the same pass <c>serve</c> runs).</summary>
    public StreamPass Pass => _pass ??= new StreamPass(this);

    /// <summary>Every stream to load: enabled tenants × contracts, narrowed to the given tenants and tables (names checked here).</summary>
    public Task<IReadOnlyList<(StreamId Stream, TableContract Contract)>> StreamsAsync(
        IReadOnlyCollection<string> tenants, IReadOnlyCollection<string> tables, CancellationToken ct)
        => Pass.StreamsAsync(Tenant(tenants), Tables(tables), ct);

    /// <summary>The streams and, for a command over every stream, what landed that will never be loaded (<see cref="StreamPass.SurveyAsync"/>).</summary>
    public Task<StreamSet> SurveyAsync(IReadOnlyCollection<string> tenants, IReadOnlyCollection<string> tables, CancellationToken ct)
        => Pass.SurveyAsync(Tenant(tenants), Tables(tables), ct);

    private static List<TenantId>? Tenant(IReadOnlyCollection<string> tenants) => tenants.Count > 0 ? [.. tenants.Select(TenantId.Parse)] : null;

    private List<TableContract>? Tables(IReadOnlyCollection<string> tables) => tables.Count > 0 ? [.. tables.Select(Contract)] : null;

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
