using Stratum.Aws.Objects;
using Stratum.Objects;
using Stratum.Testing;

namespace Stratum.Aws.Tests.Objects;

/// <summary>The object-store contract on s3rver: a fresh bucket per test, under a root prefix.</summary>
public sealed class S3ObjectStoreContract : ObjectStoreContractTests
{
    protected override async Task<IObjectStore> CreateAsync()
    {
        var store = new S3ObjectStore(new S3ObjectStoreOptions
        {
            Bucket = AwsTestServers.UniqueName("contract"),
            Prefix = "landing/",
            Connection = AwsTestServers.Connection(AwsTestServers.RequireS3()),
        });
        await store.EnsureBucketAsync(default);
        return store;
    }
}
