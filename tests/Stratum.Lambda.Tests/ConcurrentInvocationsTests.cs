using System.Globalization;
using System.Text;
using Stratum.Adapters;
using Stratum.Aws.Objects;
using Stratum.Contracts;
using Stratum.Invariants;
using Stratum.Names;
using Stratum.Testing;
using Xunit.Abstractions;

namespace Stratum.Lambda.Tests;

/// <summary>
/// The incident replayed through the Lambda path on the production stack (S3 on s3rver, DynamoDB
/// on dynalite, ClickHouse): 44 execution environments, each a bootstrap process kept warm, and 44
/// invocations over one tenant's files at once, in three waves of landed files — new syncs, a file
/// re-delivered under another name, late files whose versions belong in the middle of history.
/// The table must hold exactly the versions the files hold (computed from their text), once each,
/// with a correct history: what one load produces.
/// </summary>
public sealed class ConcurrentInvocationsTests(ITestOutputHelper output) : IDisposable
{
    private const int Environments = 44;
    private const int Keys = 30;
    private static readonly TenantId Tenant = TenantId.Parse("sitetechnology");
    private readonly LambdaWorld _world = new();

    public void Dispose() => _world.Dispose();

    [SkippableFact]
    public async Task Forty_four_concurrent_invocations_over_one_tenant_hold_each_version_once()
    {
        var s3 = ServerRequirement.RequireReachable("STRATUM_TEST_S3", "s3rver", "eval \"$(bash scripts/services/aws.sh start)\"");
        var dynamo = ServerRequirement.RequireReachable("STRATUM_TEST_DYNAMODB", "dynalite", "eval \"$(bash scripts/services/aws.sh start)\"");
        var ch = ServerRequirement.RequireReachable("STRATUM_TEST_CLICKHOUSE", "ClickHouse", "eval \"$(bash scripts/services/clickhouse.sh start)\"");
        var id = Guid.NewGuid().ToString("N")[..10];
        var env = new Dictionary<string, string>
        {
            ["STRATUM_OBJECTS"] = $"s3://lambda-44-{id}?endpoint={s3.GetLeftPart(UriPartial.Authority)}&region=us-east-1",
            ["STRATUM_STATE"] = $"dynamodb://lambda_44_{id}?endpoint={dynamo.GetLeftPart(UriPartial.Authority)}&region=us-east-1",
            ["STRATUM_WAREHOUSE"] = $"clickhouse://{ch.Authority}/lambda_44_{id}",
            ["STRATUM_CONTRACTS"] = "./contracts",
            ["STRATUM_TENANTS"] = Tenant.Value,
            ["STRATUM_BATCH_ROWS"] = "20", // several chunks per publish: more moments at which a worker can be overtaken
        };
        await using var objects = AdapterFactory.Objects(env["STRATUM_OBJECTS"], _world.Dir);
        await ((S3ObjectStore)objects).EnsureBucketAsync(default);
        var prefix = new StreamId(Tenant, Identifier.Parse("time_entries")).Prefix;
        var landed = new List<string>();
        async Task LandAsync(string name, string csv)
        {
            await objects.PutAsync(prefix + name, new MemoryStream(Encoding.UTF8.GetBytes(csv)), default);
            landed.Add(csv);
        }

        var servers = Enumerable.Range(0, Environments).Select(_ => new RuntimeApiServer()).ToList();
        var processes = servers.Select(s => new BootstrapProcess(s, _world.Dir, env)).ToList();
        try
        {
            var outcomes = new List<string>();
            async Task WaveAsync(int wave)
            {
                // 44 invocations at once, one per environment, as one schedule fanned out over one tenant.
                var results = await Task.WhenAll(servers.Select(s => s.InvokeAsync($$"""{"tenant":"{{Tenant}}","table":"time_entries"}""", TimeSpan.FromMinutes(5))).Select(async (t, i) =>
                {
                    var done = await Task.WhenAny(t, Task.Delay(TimeSpan.FromMinutes(5)));
                    Assert.True(done == t, $"wave {wave}: environment {i} got no answer; its log:\n{processes[i].Log}");
                    return (Result: await t, Log: processes[i].Log);
                }));
                foreach (var (r, log) in results)
                {
                    Assert.True(r.Ok, $"wave {wave}: {r.ErrorType}: {r.ErrorMessage}\nthe environment's log:\n{log}");
                    outcomes.AddRange(r.Json().RootElement.GetProperty("runs").EnumerateArray().Select(x => x.GetProperty("outcome").GetString()!));
                }
            }

            await LandAsync("sync-0.csv", LambdaWorld.SyncCsv(0, Keys));
            await LandAsync("sync-2.csv", LambdaWorld.SyncCsv(2, Keys));
            await LandAsync("sync-4.csv", LambdaWorld.SyncCsv(4, Keys));
            await WaveAsync(1);
            await LandAsync("sync-5.csv", LambdaWorld.SyncCsv(5, Keys));
            await LandAsync("sync-0-redelivered.csv", LambdaWorld.SyncCsv(0, Keys)); // the same bytes under another name
            await WaveAsync(2);
            await LandAsync("sync-1.csv", LambdaWorld.SyncCsv(1, Keys)); // late: versions between those loaded
            await LandAsync("sync-3.csv", LambdaWorld.SyncCsv(3, Keys));
            await LandAsync("sync-6.csv", LambdaWorld.SyncCsv(6, Keys));
            await WaveAsync(3);

            var summary = string.Join(", ", outcomes.GroupBy(o => o).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}"));
            output.WriteLine($"{Environments} environments, 3 waves: {summary}");
            Assert.All(outcomes, o => Assert.Contains(o, new[] { "loaded", "nothing-pending", "skipped-lease-held" }));
            Assert.Equal(3 * Environments, outcomes.Count);
        }
        finally
        {
            foreach (var p in processes)
            {
                p.Dispose();
            }
            foreach (var s in servers)
            {
                await s.DisposeAsync();
            }
        }

        await using var warehouse = AdapterFactory.Warehouse(env["STRATUM_WAREHOUSE"], _world.Dir, TimeProvider.System);
        var contract = ContractLoader.Parse(LambdaWorld.Contract, "test");
        var table = await warehouse.ReadAllAsync(contract, Tenant, default);
        var expected = LambdaWorld.Versions(landed);
        var actual = table.Select(r => $"{r.Values[0]}|{r.EffectiveDate.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}").ToList();
        var duplicates = actual.GroupBy(a => a, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var lost = expected.Except(actual, StringComparer.Ordinal).ToList();
        var extra = actual.Except(expected, StringComparer.Ordinal).ToList();
        Assert.True(duplicates.Count == 0 && lost.Count == 0 && extra.Count == 0,
            $"{duplicates.Count} duplicated ({string.Join(", ", duplicates.Take(5))}), {lost.Count} lost ({string.Join(", ", lost.Take(5))}), {extra.Count} unexpected");
        Assert.Empty(InvariantChecker.Check(table, new InvariantOptions(GapsAllowed: false)));
        Assert.Equal(Keys, table.Count(r => r.IsCurrent));
    }

}
