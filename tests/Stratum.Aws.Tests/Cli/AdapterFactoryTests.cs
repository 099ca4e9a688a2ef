using Stratum.Aws.Objects;
using Stratum.Aws.State;
using Stratum.Aws.Tenants;
using Stratum.Adapters;

namespace Stratum.Aws.Tests.Cli;

/// <summary>The CLI's --objects, --state and --tenants map the AWS URL schemes to the AWS adapters.</summary>
public sealed class AdapterFactoryTests
{
    [Fact]
    public async Task S3_and_DynamoDB_urls_select_the_AWS_adapters()
    {
        await using var objects = AdapterFactory.Objects("s3://landing/prod?endpoint=http://127.0.0.1:4568&region=us-east-1", "/tmp");
        Assert.IsType<S3ObjectStore>(objects);
        Assert.Equal("s3://landing/prod/?endpoint=http://127.0.0.1:4568&region=us-east-1", objects.Describe);

        await using var state = AdapterFactory.State("dynamodb://stratum-state?endpoint=http://127.0.0.1:4567&region=us-east-1", "/tmp", TimeProvider.System);
        Assert.IsType<DynamoDbStateStore>(state);

        var tenants = AdapterFactory.Tenants("dynamodb://TenantServices?region=us-east-1&service=connectwise", objects);
        Assert.IsType<DynamoDbTenantRegistry>(tenants);
        Assert.Equal("dynamodb://TenantServices?region=us-east-1&service=connectwise", tenants.Describe);
        ((IDisposable)tenants).Dispose();
    }

    [Fact]
    public void A_bad_AWS_url_is_a_clear_error()
    {
        var e = Assert.ThrowsAny<StratumException>(() => AdapterFactory.State("dynamodb://t?secret=x", "/tmp", TimeProvider.System));
        Assert.Contains("secrets never go in URLs", e.Message, StringComparison.Ordinal);
        var unknown = Assert.ThrowsAny<StratumException>(() => AdapterFactory.Objects("gs://bucket", "/tmp"));
        Assert.Contains("s3://", unknown.Message, StringComparison.Ordinal);
    }
}
