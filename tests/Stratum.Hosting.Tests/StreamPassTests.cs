using System.Text;
using Microsoft.Extensions.Time.Testing;
using Stratum.Contracts;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Reading;
using Stratum.State;
using Stratum.Tenants;
using Stratum.Testing;
using Stratum.Testing.InMemory;
using Stratum.Warehouse;

namespace Stratum.Hosting.Tests;

/// <summary>
/// The pass <c>run</c>, <c>check</c> and <c>serve</c> share, over in-memory ports: which streams it
/// covers, what a whole pass names as never loadable, and that loads come back one per stream in the
/// streams' order (paths that publish nothing: the warehouse here refuses every publish and every
/// count, so <see cref="StreamPass.CheckAsync"/> is tested end to end in Stratum.Cli.Tests/Ops).
/// </summary>
public sealed class StreamPassTests
{
    private static readonly TableContract Tickets = TestContracts.AllTypes("tickets");
    private static readonly TableContract Companies = TestContracts.AllTypes("companies");

    private sealed class Deployment(IObjectStore objects, ITenantRegistry tenants, IWarehouse warehouse, TimeProvider clock) : IDeployment
    {
        private readonly InMemoryStateStore _state = new(clock);

        public IObjectStore Objects => objects;
        public IWarehouse Warehouse => warehouse;
        public ITenantRegistry Tenants => tenants;
        public IReadOnlyList<TableContract> Contracts { get; } = [Tickets, Companies];
        public IReadOnlyList<IFileReader> Readers { get; } = [];
        public LoaderOptions LoaderOptions { get; } = new() { Owner = "pass-test" };
        public TimeProvider Clock => clock;
        public Task<IStateStore> StateAsync(CancellationToken cancellationToken) => Task.FromResult<IStateStore>(_state);
    }

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 6, 21, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryObjectStore _objects;
    private readonly StreamPass _pass;

    public StreamPassTests()
    {
        _objects = new InMemoryObjectStore(_clock);
        var tenants = new StaticTenantRegistry([TenantId.Parse("globex"), TenantId.Parse("acme")]);
        _pass = new StreamPass(new Deployment(_objects, tenants, new NonPublishingWarehouse(_clock), _clock));
    }

    private Task LandAsync(string key) => _objects.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes("id\n1\n")), default);

    [Fact]
    public async Task A_whole_pass_covers_every_enabled_tenant_times_every_contract()
    {
        var streams = await _pass.StreamsAsync(null, null, default);
        Assert.Equal(["acme/tickets", "acme/companies", "globex/tickets", "globex/companies"], streams.Select(s => s.Stream.Key));
    }

    [Fact]
    public async Task A_narrowed_pass_covers_only_what_it_names_and_surveys_nothing()
    {
        await LandAsync("acme/canonical/no_such_table/x.csv");
        var set = await _pass.SurveyAsync([TenantId.Parse("acme")], [Companies], default);
        Assert.Equal(["acme/companies"], set.Streams.Select(s => s.Stream.Key));
        Assert.Empty(set.Unloadable);
    }

    [Fact]
    public async Task A_whole_pass_names_what_landed_and_will_never_be_loaded()
    {
        await LandAsync("acme/canonical/no_such_table/x.csv");
        await LandAsync("acme/canonical/tickets/ok.csv");
        var set = await _pass.SurveyAsync(null, null, default);
        var u = Assert.Single(set.Unloadable);
        Assert.StartsWith("acme/canonical/no_such_table", u.Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loads_come_back_one_per_stream_in_the_streams_order()
    {
        var streams = await _pass.StreamsAsync(null, null, default);
        var runs = await _pass.LoadAsync(streams, parallel: 3, progress: null, stopRequested: default, cancellationToken: default);
        Assert.Equal(streams.Select(s => s.Stream), runs.Select(r => r.Stream));
        Assert.All(runs, r => Assert.Equal(LoadOutcome.NothingPending, r.Outcome));
    }
}
