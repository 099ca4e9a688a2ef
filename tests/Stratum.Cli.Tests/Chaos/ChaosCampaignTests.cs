using System.Text.Json;
using Stratum.Testing;

namespace Stratum.Cli.Tests.Chaos;

/// <summary>
/// A bounded fault campaign per combination of adapters (`stratum simulate --chaos`, two rounds
/// each: worker processes under SIGKILL, SIGSTOP past the lease TTL and proxy faults): zero lost
/// versions, zero duplicates, zero invariant violations, every re-run a no-op. The long campaign is
/// bench/chaos.sh.
/// </summary>
public sealed class ChaosCampaignTests
{
    private const int Rounds = 2;

    [SkippableFact]
    public async Task Duckdb_and_sqlite_hold_every_version_once_under_faults()
    {
        Skip.If(OperatingSystem.IsWindows(), "the campaign sends POSIX signals");
        await RunCampaignAsync(seed: 101);
    }

    [SkippableFact]
    public async Task Clickhouse_and_sqlite_hold_every_version_once_under_faults()
    {
        var ch = RequireClickHouse();
        await RunCampaignAsync(seed: 202, "--warehouse", $"clickhouse://{ch.Authority}/chaos_test_ch");
    }

    [SkippableFact]
    public async Task S3_dynamodb_and_clickhouse_hold_every_version_once_under_faults()
    {
        var ch = RequireClickHouse();
        var s3 = ServerRequirement.RequireReachable("STRATUM_TEST_S3", "s3rver", "eval \"$(bash scripts/services/aws.sh start)\"");
        var dynamo = ServerRequirement.RequireReachable("STRATUM_TEST_DYNAMODB", "dynalite", "eval \"$(bash scripts/services/aws.sh start)\"");
        await RunCampaignAsync(seed: 303,
            "--warehouse", $"clickhouse://{ch.Authority}/chaos_test_aws",
            "--objects", $"s3://chaos-test-{Guid.NewGuid():N}"[..30] + $"?endpoint={s3.GetLeftPart(UriPartial.Authority)}&region=us-east-1",
            "--state", $"dynamodb://chaos_test_state?endpoint={dynamo.GetLeftPart(UriPartial.Authority)}&region=us-east-1");
    }

    private static async Task RunCampaignAsync(int seed, params string[] adapters)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"stratum-chaos-test-{Guid.NewGuid():N}"[..32]);
        Directory.CreateDirectory(dir);
        try
        {
            var env = new Dictionary<string, string>
            {
                ["STRATUM_OBJECTS"] = "", ["STRATUM_STATE"] = "", ["STRATUM_WAREHOUSE"] = "",
            };
            string[] args = ["simulate", "--chaos", "--rounds", $"{Rounds}", "--seed", $"{seed}", "--dir", dir, "--json", .. adapters];
            var (exit, stdout, stderr) = await StratumProcess.RunAsync(dir, env, args);
            Assert.True(exit == 0, $"campaign failed (exit {exit}):\n{stderr}\n{stdout}");
            using var doc = JsonDocument.Parse(stdout);
            var s = doc.RootElement;
            Assert.Equal(Rounds, s.GetProperty("rounds").GetInt32());
            Assert.Equal(Rounds, s.GetProperty("rounds_passed").GetInt32());
            Assert.Equal(0, s.GetProperty("lost").GetInt32());
            Assert.Equal(0, s.GetProperty("duplicates").GetInt32());
            Assert.Equal(0, s.GetProperty("unexpected").GetInt32());
            Assert.Equal(0, s.GetProperty("violations").GetInt32());
            Assert.Equal(0, s.GetProperty("reruns_that_changed").GetInt32());
            Assert.True(s.GetProperty("versions").GetInt32() > 0);
            Assert.True(s.GetProperty("faults_total").GetInt32() > 0, "a campaign that injected no fault proves nothing");
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static Uri RequireClickHouse()
        => ServerRequirement.RequireReachable("STRATUM_TEST_CLICKHOUSE", "ClickHouse", "eval \"$(bash scripts/services/clickhouse.sh start)\"");
}
