using Stratum.Aws.Objects;
using Stratum.Aws.State;
using Stratum.ClickHouse.Client;
using Stratum.ClickHouse.Warehouse;
using Stratum.DuckDb;
using Stratum.Formats;
using Stratum.Formats.Writing;
using Stratum.Names;
using Stratum.Sql;
using Stratum.Testing;

namespace Stratum.Aws.Tests.Loading;

/// <summary>
/// The stale writer with DynamoDB state (issue 10): S3 objects, DynamoDB leases and ledger, and
/// each warehouse. A is frozen at the start of its publish past its lease; B publishes and records
/// newer files; A resumes; every committed file's versions must be in the table once.
/// </summary>
public sealed class StaleWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-aws-stale-").FullName;

    [SkippableFact]
    public async Task On_ClickHouse_a_worker_that_lost_its_lease_mid_publish_cannot_overwrite_a_newer_publish()
    {
        var endpoint = AwsTestServers.RequireClickHouse();
        var database = Identifier.Parse("stratum_test_" + Guid.NewGuid().ToString("N")[..16]);
        var options = new ClickHouseOptions { Endpoint = endpoint, Database = database, QueryTimeout = TimeSpan.FromSeconds(60) };
        await using var admin = await ClickHouseWarehouse.OpenAsync(options, null, null, default);
        await admin.Client.ExecuteAsync($"CREATE DATABASE {SqlText.Quote(database)}", default);
        try
        {
            await RunAsync(() => ClickHouseWarehouse.Create(options, null, null));
        }
        finally
        {
            await admin.Client.ExecuteAsync($"DROP DATABASE IF EXISTS {SqlText.Quote(database)}", default);
        }
    }

    [SkippableFact]
    public async Task On_DuckDB_a_worker_that_lost_its_lease_mid_publish_cannot_overwrite_a_newer_publish()
    {
        var path = Path.Combine(_dir, "warehouse.duckdb");
        await RunAsync(() => new DuckDbWarehouse(path));
    }

    private async Task RunAsync(Func<Stratum.Warehouse.IWarehouse> warehouse)
    {
        var contract = StaleWriterScenario.DefaultContract;
        var objects = new S3ObjectStoreOptions { Bucket = AwsTestServers.UniqueName("stale"), Connection = AwsTestServers.Connection(AwsTestServers.RequireS3()) };
        var state = new DynamoDbStateStoreOptions { TableName = AwsTestServers.UniqueName("stale"), Connection = AwsTestServers.Connection(AwsTestServers.RequireDynamoDb()) };
        await using var s3 = new S3ObjectStore(objects);
        await s3.EnsureBucketAsync(default);
        var scenario = new StaleWriterScenario
        {
            Objects = s3,
            Readers = FileReaders.All,
            WriteFile = (s, rows) => CsvFileWriter.WriteAsync(s, contract, rows, default),
            NewState = () => new DynamoDbStateStore(state),
            NewWarehouse = warehouse,
            NewFrozenWarehouse = freeze => new FrozenWarehouse(warehouse(), freeze),
        };
        var outcome = await scenario.RunAsync();
        StaleWriterScenario.AssertSafe(outcome);
        Assert.Contains("stale publish refused", outcome.A.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
