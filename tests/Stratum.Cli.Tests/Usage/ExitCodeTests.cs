using System.Net.Sockets;
using System.Text.Json;
using Stratum.Testing;

namespace Stratum.Cli.Tests.Usage;

/// <summary>
/// The README's exit codes (0 ok, 1 needs a person, 2 could not run) where they used to lie: a
/// mistyped option or command (was 1, with the whole help on stdout), a run against a warehouse that
/// does not answer (was 0, "up to date"), and `doctor` against reachable and unreachable adapters.
/// </summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-exit-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<string> ProjectAsync()
    {
        var (exit, _, err) = await StratumProcess.RunAsync(_dir, "init");
        Assert.True(exit == 0, err);
        var folder = Path.Combine(_dir, "landing", "acme", "canonical", "contacts");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "f.csv"),
            "id,first_name,last_name,company_id,title,email,phone,inactive_flag,default_flag,source_system,source_id,last_updated\n"
            + "1,Ana,Ruiz,10,CTO,a@example.com,,false,true,connectwise,1,2025-06-21T09:00:00Z\n");
        return _dir;
    }

    [Theory]
    [InlineData(new[] { "run", "--paralel", "2" }, "did you mean --parallel?", "stratum run --help")]
    [InlineData(new[] { "statuss" }, "did you mean status?", "stratum --help")]
    [InlineData(new[] { "status", "--projet", "x" }, "did you mean --project?", "stratum status --help")]
    [InlineData(new[] { "quarantine", "lst" }, "did you mean list?", "stratum quarantine --help")]
    public async Task A_usage_error_exits_2_with_a_short_message_and_the_nearest_word(string[] args, string suggestion, string help)
    {
        var (exit, stdout, stderr) = await StratumProcess.RunAsync(_dir, args);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout); // no help dumped where a script reads results
        Assert.Contains("Unrecognized command or argument", stderr, StringComparison.Ordinal);
        Assert.Contains(suggestion, stderr, StringComparison.Ordinal);
        Assert.Contains($"see `{help}`", stderr, StringComparison.Ordinal);
        Assert.True(stderr.Split('\n').Length < 10, stderr);
    }

    [Fact]
    public async Task A_run_against_a_warehouse_that_does_not_answer_exits_2_and_loads_nothing()
    {
        var dir = await ProjectAsync();
        var (exit, stdout, stderr) = await StratumProcess.RunAsync(dir, "run", "--warehouse", $"clickhouse://127.0.0.1:{ClosedPort()}/db");
        Assert.Equal(2, exit);
        Assert.Contains("the warehouse does not answer, so nothing was loaded", stderr, StringComparison.Ordinal);
        Assert.Contains("stratum doctor", stderr, StringComparison.Ordinal);
        (exit, stdout, _) = await StratumProcess.RunAsync(dir, "status", "--json");
        Assert.Equal(0, exit);
        Assert.Equal(0, JsonDocument.Parse(stdout).RootElement.GetProperty("streams").EnumerateArray().Sum(s => s.GetProperty("files_committed").GetInt64()));
    }

    [Fact]
    public async Task Doctor_passes_on_the_embedded_adapters_and_names_what_to_fix_on_unreachable_ones()
    {
        var dir = await ProjectAsync();
        var (exit, stdout, stderr) = await StratumProcess.RunAsync(dir, "doctor", "--json");
        Assert.True(exit == 0, stderr + stdout);
        var checks = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["contracts", "objects", "tenants", "state", "state", "warehouse", "warehouse"], checks.Select(c => c.GetProperty("component").GetString()));
        Assert.All(checks, c => Assert.True(c.GetProperty("ok").GetBoolean(), c.ToString()));

        var port = ClosedPort();
        (exit, stdout, _) = await StratumProcess.RunAsync(dir, "doctor", "--json",
            "--warehouse", $"clickhouse://127.0.0.1:{port}/db",
            "--objects", $"s3://no-bucket?endpoint=http://127.0.0.1:{port}&region=us-east-1",
            "--state", $"dynamodb://no_table?endpoint=http://127.0.0.1:{port}&region=us-east-1");
        Assert.Equal(2, exit);
        var failed = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Where(c => !c.GetProperty("ok").GetBoolean()).ToDictionary(c => c.GetProperty("component").GetString()!, c => c);
        Assert.Equal(["objects", "state", "tenants", "warehouse"], failed.Keys.Order(StringComparer.Ordinal)); // tenants: auto lists the unreachable bucket
        Assert.Contains("STRATUM_CLICKHOUSE_PASSWORD", failed["warehouse"].GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Contains("s3://no-bucket", failed["objects"].GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Contains("dynamodb://no_table", failed["state"].GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Doctor_passes_on_s3_dynamodb_and_clickhouse()
    {
        var dir = await ProjectAsync();
        var s3 = ServerRequirement.RequireReachable("STRATUM_TEST_S3", "s3rver", "eval \"$(bash scripts/services/aws.sh start)\"");
        var dynamo = ServerRequirement.RequireReachable("STRATUM_TEST_DYNAMODB", "dynalite", "eval \"$(bash scripts/services/aws.sh start)\"");
        var ch = ServerRequirement.RequireReachable("STRATUM_TEST_CLICKHOUSE", "ClickHouse", "eval \"$(bash scripts/services/clickhouse.sh start)\"");
        var id = Guid.NewGuid().ToString("N")[..8];
        var objects = $"s3://doctor-{id}?endpoint={s3.GetLeftPart(UriPartial.Authority)}&region=us-east-1";
        await using (var store = Stratum.Adapters.AdapterFactory.Objects(objects, dir))
        {
            await ((Stratum.Aws.Objects.S3ObjectStore)store).EnsureBucketAsync(default); // the landing bucket exists; doctor creates nothing
        }
        var (exit, stdout, stderr) = await StratumProcess.RunAsync(dir, "doctor", "--json",
            "--warehouse", $"clickhouse://{ch.Authority}/doctor_{id}",
            "--objects", objects,
            "--state", $"dynamodb://doctor_{id}?endpoint={dynamo.GetLeftPart(UriPartial.Authority)}&region=us-east-1",
            "--tenants", "acme");
        Assert.True(exit == 0, stderr + stdout);
        var checks = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(7, checks.Count);
        Assert.All(checks, c => Assert.True(c.GetProperty("ok").GetBoolean(), c.ToString()));
    }

    private static int ClosedPort()
    {
        using var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port; // closed again when disposed: nothing listens there
    }
}
