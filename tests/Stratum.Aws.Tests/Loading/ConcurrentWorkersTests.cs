using Stratum.State;
using System.Diagnostics;
using Stratum.Aws.Objects;
using Stratum.Aws.State;
using Stratum.DuckDb;
using Stratum.Formats;
using Stratum.Formats.Writing;
using Stratum.Invariants;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Planning;
using Xunit.Abstractions;

namespace Stratum.Aws.Tests.Loading;

/// <summary>The incident, replayed on S3 + DynamoDB + DuckDB: 44 workers at once end with exactly what one worker produces.</summary>
public sealed class ConcurrentWorkersTests(ITestOutputHelper output) : IDisposable
{
    private static readonly StreamId Stream = new(TenantId.Parse("sitetechnology"), Identifier.Parse("time_entries"));
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-aws-44-").FullName;

    private sealed record Setup(S3ObjectStoreOptions Objects, DynamoDbStateStoreOptions State, string Warehouse);

    private async Task<Setup> NewSetupAsync(string name)
    {
        var objects = new S3ObjectStoreOptions { Bucket = AwsTestServers.UniqueName(name), Connection = AwsTestServers.Connection(AwsTestServers.RequireS3()) };
        var state = new DynamoDbStateStoreOptions { TableName = AwsTestServers.UniqueName(name), Connection = AwsTestServers.Connection(AwsTestServers.RequireDynamoDb()) };
        await using (var s3 = new S3ObjectStore(objects))
        {
            await s3.EnsureBucketAsync(default);
        }
        await using (var ddb = new DynamoDbStateStore(state))
        {
            await ddb.EnsureCreatedAsync(default);
        }
        return new Setup(objects, state, Path.Combine(_dir, name + ".duckdb"));
    }

    /// <summary>Lands the files in waves; after each wave starts <paramref name="workers"/> workers at once. Returns their outcomes.</summary>
    private static async Task<List<string>> RunAsync(Setup setup, List<(string Name, List<object?[]> Rows)> files, int workers, int waves)
    {
        var outcomes = new List<string>();
        await using var landing = new S3ObjectStore(setup.Objects);
        var perWave = (files.Count + waves - 1) / waves;
        for (var w = 0; w < waves; w++)
        {
            foreach (var (name, rows) in files.Skip(w * perWave).Take(perWave))
            {
                using var body = new MemoryStream();
                await CsvFileWriter.WriteAsync(body, TimeEntryFiles.Contract, rows, default);
                body.Position = 0;
                await landing.PutAsync(Stream.Prefix + name, body, default);
            }
            using var go = new SemaphoreSlim(0);
            var tasks = Enumerable.Range(0, workers).Select(i => Task.Run(async () =>
            {
                // Each worker has its own clients and connection, as separate processes would.
                await using var objects = new S3ObjectStore(setup.Objects);
                await using var state = new DynamoDbStateStore(setup.State);
                await using var warehouse = new DuckDbWarehouse(setup.Warehouse);
                var options = new LoaderOptions { Owner = $"worker-{w}-{i}", RetryDelay = TimeSpan.FromMilliseconds(20) };
                var loader = new StreamLoader(objects, state, warehouse, FileReaders.All, options, TimeProvider.System);
                await go.WaitAsync();
                var run = await loader.LoadAsync(Stream, TimeEntryFiles.Contract, default);
                return run.Error is null ? run.Outcome.Text() : $"{run.Outcome.Text()}: {run.Error}";
            })).ToList();
            go.Release(workers);
            outcomes.AddRange(await Task.WhenAll(tasks));
        }
        return outcomes;
    }

    [SkippableFact]
    public async Task Forty_four_concurrent_workers_produce_the_single_worker_result()
    {
        var files = TimeEntryFiles.Generate(keys: 400, syncs: 10, seed: 7);
        var many = await NewSetupAsync("many");
        var one = await NewSetupAsync("one");

        var clock = Stopwatch.StartNew();
        var manyOutcomes = await RunAsync(many, files, workers: 44, waves: 3);
        var manySeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var oneOutcomes = await RunAsync(one, files, workers: 1, waves: 3);
        var oneSeconds = clock.Elapsed.TotalSeconds;

        var summary = string.Join(", ", manyOutcomes.GroupBy(o => o).Select(g => $"{g.Key} ×{g.Count()}"));
        output.WriteLine($"44 workers × 3 waves: {manySeconds:0.00} s ({summary}); 1 worker × 3 waves: {oneSeconds:0.00} s");
        Assert.All(manyOutcomes, o => Assert.Contains(o, new[] { "loaded", "nothing-pending", "skipped-lease-held" }));
        Assert.Equal(["loaded", "loaded", "loaded"], oneOutcomes);

        await using var manyWarehouse = new DuckDbWarehouse(many.Warehouse);
        await using var oneWarehouse = new DuckDbWarehouse(one.Warehouse);
        var manyRows = Sorted(await manyWarehouse.ReadAllAsync(TimeEntryFiles.Contract, Stream.Tenant, default));
        var oneRows = Sorted(await oneWarehouse.ReadAllAsync(TimeEntryFiles.Contract, Stream.Tenant, default));

        Assert.Empty(InvariantChecker.Check(manyRows, new InvariantOptions(GapsAllowed: false)));
        Assert.Equal(oneRows.Count, manyRows.Count);
        for (var i = 0; i < oneRows.Count; i++)
        {
            Assert.True(oneRows[i].SameBusinessContent(manyRows[i]), $"row {i} ({oneRows[i].Key} at {oneRows[i].EffectiveDate:O}) differs");
        }

        // And both equal the planner applied to every file at once.
        var hasher = new Stratum.Hashing.RowHasher(TimeEntryFiles.Contract);
        var incoming = files.SelectMany(f => f.Rows.Select(r => new IncomingRow(
            RowKey.FromRow(TimeEntryFiles.Contract, r), (DateTime)r[1]!, hasher.Hash(r), false, r, f.Name)));
        var expected = Sorted(new ScdPlanner(TimeEntryFiles.Contract).Plan([], incoming, "expected").AllRows.ToList());
        Assert.Equal(expected.Count, oneRows.Count);
        Assert.All(expected.Zip(oneRows), p => Assert.True(p.First.SameBusinessContent(p.Second)));

        await using var ledgerReader = new DynamoDbStateStore(many.State);
        Assert.Equal(files.Count, (await ledgerReader.GetLedgerAsync(Stream, default)).Count);
    }

    private static List<VersionRow> Sorted(IEnumerable<VersionRow> rows)
        => [.. rows.OrderBy(r => r.Key.Text, StringComparer.Ordinal).ThenBy(r => r.EffectiveDate)];

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
