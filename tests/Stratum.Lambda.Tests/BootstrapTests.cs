using System.Text.Json;
using Stratum.Contracts;
using Stratum.DuckDb;
using Stratum.Names;

namespace Stratum.Lambda.Tests;

/// <summary>
/// The built bootstrap against a loopback Runtime API, on the embedded adapters: each event shape,
/// a failed load and a bad event reported through the error endpoint, a configuration that cannot
/// load through the init error, and the deadline: a pass stops before it and leaves files pending.
/// One server per process: a killed process's pending <c>next</c> would take the following invocation.
/// </summary>
public sealed class BootstrapTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);
    private readonly LambdaWorld _world = new();

    public void Dispose() => _world.Dispose();

    private const string Scheduled = """
        {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event","source":"aws.events",
         "account":"123456789012","time":"2026-12-07T10:00:00Z","region":"us-east-1",
         "resources":["arn:aws:events:us-east-1:123456789012:rule/stratum-every-5-minutes"],"detail":{}}
        """;

    private static string S3Event(params string[] keys) => JsonSerializer.Serialize(new
    {
        Records = keys.Select(k => new Dictionary<string, object>
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["eventName"] = "ObjectCreated:Put",
            ["s3"] = new { bucket = new { name = "landing" }, @object = new { key = k, size = 10 } },
        }),
    });

    private static async Task<InvocationResult> Within(Task<InvocationResult> invocation, BootstrapProcess process)
    {
        var done = await Task.WhenAny(invocation, Task.Delay(Wait));
        Assert.True(done == invocation, $"no answer within {Wait}; the bootstrap's log:\n{process.Log}");
        return await invocation;
    }

    private static List<JsonElement> Runs(InvocationResult r) => [.. r.Json().RootElement.GetProperty("runs").EnumerateArray()];

    [Fact]
    public async Task A_scheduled_event_loads_every_tenant_and_table_and_a_second_one_finds_nothing_pending()
    {
        _world.Land("acme", "sync-0.csv", LambdaWorld.SyncCsv(0, 5));
        _world.Land("globex", "sync-0.csv", LambdaWorld.SyncCsv(0, 3));
        await using var api = new RuntimeApiServer();
        using (var bootstrap = new BootstrapProcess(api, _world.Dir, _world.LocalEnvironment()))
        {
            var first = await Within(api.InvokeAsync(Scheduled, Deadline), bootstrap);
            Assert.True(first.Ok, first.Body);
            Assert.Equal("scheduled", first.Json().RootElement.GetProperty("event").GetString());
            var runs = Runs(first);
            Assert.Equal(["acme/time_entries", "globex/time_entries"], runs.Select(r => r.GetProperty("stream").GetString()).Order(StringComparer.Ordinal));
            Assert.All(runs, r => Assert.Equal("loaded", r.GetProperty("outcome").GetString()));
            Assert.Equal(8, runs.Sum(r => r.GetProperty("counts").GetProperty("inserted").GetInt64()));

            var second = await Within(api.InvokeAsync(Scheduled, Deadline), bootstrap); // the same warm environment
            Assert.All(Runs(second), r => Assert.Equal("nothing-pending", r.GetProperty("outcome").GetString()));
            Assert.Contains("scheduled, 2 streams: nothing-pending 2", bootstrap.Log, StringComparison.Ordinal);
        }
        // Read after the function's process is gone (DuckDB is one writer's file).
        await using var warehouse = new DuckDbWarehouse(Path.Combine(_world.Dir, "warehouse.duckdb"));
        var contract = ContractLoader.Parse(LambdaWorld.Contract, "test");
        Assert.Equal(5, (await warehouse.ReadAllAsync(contract, TenantId.Parse("acme"), default)).Count);
    }

    [Fact]
    public async Task A_tenant_event_loads_that_tenant_only_and_an_unknown_table_is_a_bad_event()
    {
        _world.Land("acme", "sync-0.csv", LambdaWorld.SyncCsv(0, 5));
        _world.Land("globex", "sync-0.csv", LambdaWorld.SyncCsv(0, 3));
        await using var api = new RuntimeApiServer();
        using var bootstrap = new BootstrapProcess(api, _world.Dir, _world.LocalEnvironment());

        var one = await Within(api.InvokeAsync("""{"tenant":"globex","table":"time_entries"}""", Deadline), bootstrap);
        Assert.True(one.Ok, one.Body);
        var run = Assert.Single(Runs(one));
        Assert.Equal("globex/time_entries", run.GetProperty("stream").GetString());
        Assert.Equal(3, run.GetProperty("counts").GetProperty("inserted").GetInt64());

        var bad = await Within(api.InvokeAsync("""{"tenant":"globex","table":"invoices"}""", Deadline), bootstrap);
        Assert.False(bad.Ok);
        Assert.Equal("Stratum.BadEvent", bad.ErrorType);
        Assert.Equal("Unhandled", bad.ErrorHeader);
        Assert.Contains("'invoices'", bad.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("time_entries", bad.ErrorMessage, StringComparison.Ordinal); // the known tables are named

        var garbage = await Within(api.InvokeAsync("""{"hello":"world"}""", Deadline), bootstrap);
        Assert.Equal("Stratum.BadEvent", garbage.ErrorType);
        Assert.Contains("hello", garbage.ErrorMessage, StringComparison.Ordinal);

        var after = await Within(api.InvokeAsync("""{"tenant":"acme"}""", Deadline), bootstrap); // the loop goes on after errors
        Assert.Equal("loaded", Assert.Single(Runs(after)).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task An_s3_event_loads_the_streams_of_its_keys_and_names_the_keys_it_ignores()
    {
        _world.Land("acme", "sync 0.csv", LambdaWorld.SyncCsv(0, 4));
        _world.Land("globex", "sync-0.csv", LambdaWorld.SyncCsv(0, 3));
        await using var api = new RuntimeApiServer();
        using var bootstrap = new BootstrapProcess(api, _world.Dir, _world.LocalEnvironment());

        var r = await Within(api.InvokeAsync(S3Event("acme/canonical/time_entries/sync+0.csv", "acme/canonical/invoices/x.csv", "readme.txt"), Deadline), bootstrap);
        Assert.True(r.Ok, r.Body);
        Assert.Equal("s3", r.Json().RootElement.GetProperty("event").GetString());
        var run = Assert.Single(Runs(r)); // globex has a file too, but the event did not name it
        Assert.Equal("acme/time_entries", run.GetProperty("stream").GetString());
        Assert.Equal(4, run.GetProperty("counts").GetProperty("inserted").GetInt64());
        var ignored = r.Json().RootElement.GetProperty("ignored").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!, i => i.GetProperty("reason").GetString()!);
        Assert.Equal(2, ignored.Count);
        Assert.Contains("no contract for table 'invoices'", ignored["acme/canonical/invoices/x.csv"], StringComparison.Ordinal);
        Assert.Contains("not a file under", ignored["readme.txt"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_load_is_reported_through_the_error_endpoint_with_the_stream_and_why()
    {
        _world.Land("acme", "sync-0.csv", LambdaWorld.SyncCsv(0, 4));
        await using var api = new RuntimeApiServer();
        using (var bootstrap = new BootstrapProcess(api, _world.Dir, _world.LocalEnvironment()))
        {
            Assert.True((await Within(api.InvokeAsync(Scheduled, Deadline), bootstrap)).Ok);
        }
        // The contract changes under the table (a column added) without `stratum migrate`: the load must refuse.
        var changed = Path.Combine(_world.Dir, "contracts-changed");
        Directory.CreateDirectory(changed);
        File.WriteAllText(Path.Combine(changed, "time_entries.yaml"), LambdaWorld.Contract + "\n  notes: string?\n");
        _world.Land("acme", "sync-1.csv", LambdaWorld.SyncCsv(1, 4));
        var env = _world.LocalEnvironment();
        env["STRATUM_CONTRACTS"] = "./contracts-changed";
        await using var next = new RuntimeApiServer(); // a new execution environment
        using var changedBootstrap = new BootstrapProcess(next, _world.Dir, env);
        var failed = await Within(next.InvokeAsync(Scheduled, Deadline), changedBootstrap);
        Assert.False(failed.Ok, failed.Body);
        Assert.Equal("Stratum.LoadFailed", failed.ErrorType);
        Assert.Contains("1 of 1 streams failed to load: acme/time_entries:", failed.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("notes", failed.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pass_stops_before_the_deadline_and_leaves_its_files_pending_for_the_next_invocation()
    {
        _world.Land("acme", "sync-0.csv", LambdaWorld.SyncCsv(0, 4));
        _world.Land("acme", "sync-1.csv", LambdaWorld.SyncCsv(1, 4));
        await using var api = new RuntimeApiServer();
        var env = _world.LocalEnvironment();
        env["STRATUM_LAMBDA_STOP_MARGIN"] = "1h"; // every invocation here has less time than the margin: stop at once
        using (var bootstrap = new BootstrapProcess(api, _world.Dir, env))
        {
            var stopped = await Within(api.InvokeAsync(Scheduled, TimeSpan.FromMinutes(1)), bootstrap);
            Assert.True(stopped.Ok, stopped.Body);
            Assert.True(stopped.At < stopped.Deadline, $"answered at {stopped.At:O}, after the deadline {stopped.Deadline:O}");
            Assert.True(stopped.Json().RootElement.GetProperty("stopped_for_deadline").GetBoolean());
            var run = Assert.Single(Runs(stopped));
            Assert.Equal("stopped", run.GetProperty("outcome").GetString());
            Assert.Equal(0, run.GetProperty("files_committed").GetInt64());
        }
        await using var next = new RuntimeApiServer(); // a new execution environment
        using var later = new BootstrapProcess(next, _world.Dir, _world.LocalEnvironment()); // the default margin: a fifth of the time, at most 30 s
        var loaded = await Within(next.InvokeAsync(Scheduled, Deadline), later);
        var all = Assert.Single(Runs(loaded));
        Assert.Equal("loaded", all.GetProperty("outcome").GetString());
        Assert.Equal(2, all.GetProperty("files_committed").GetInt64());
        Assert.False(loaded.Json().RootElement.GetProperty("stopped_for_deadline").GetBoolean());
    }

    [Fact]
    public async Task A_configuration_that_cannot_load_is_an_init_error_and_the_bootstrap_exits()
    {
        await using var api = new RuntimeApiServer();
        var env = _world.LocalEnvironment();
        env["STRATUM_CONTRACTS"] = "./no-such-folder";
        using var bootstrap = new BootstrapProcess(api, _world.Dir, env);
        using var timeout = new CancellationTokenSource(Wait);
        await bootstrap.WaitForExitAsync(timeout.Token);
        Assert.Equal(2, bootstrap.ExitCode);
        var error = Assert.Single(api.InitErrors);
        Assert.Equal("Stratum.ConfigError", error.ErrorType);
        Assert.Contains("no-such-folder", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, api.NextRequests); // it never asked for an invocation
    }
}
