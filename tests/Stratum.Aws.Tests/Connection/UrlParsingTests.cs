using Stratum.Aws.Objects;
using Stratum.Aws.State;
using Stratum.Aws.Tenants;

namespace Stratum.Aws.Tests.Connection;

public sealed class UrlParsingTests
{
    [Fact]
    public void S3_url_with_an_emulator_endpoint()
    {
        var o = S3ObjectStoreOptions.FromUrl("s3://landing-bucket/prod/files?endpoint=http://127.0.0.1:4568&region=us-east-1");
        Assert.Equal("landing-bucket", o.Bucket);
        Assert.Equal("prod/files/", o.Prefix);
        Assert.Equal(new Uri("http://127.0.0.1:4568"), o.Connection.Endpoint);
        Assert.Equal("us-east-1", o.Connection.Region);
        Assert.Null(o.PathStyle);
        Assert.Equal("s3://landing-bucket/prod/files/?endpoint=http://127.0.0.1:4568&region=us-east-1", o.ToUrl());
    }

    [Fact]
    public void S3_url_without_endpoint_is_real_aws()
    {
        var o = S3ObjectStoreOptions.FromUrl("s3://my.bucket-1?region=eu-west-1&path_style=false&profile=loader");
        Assert.Equal("", o.Prefix);
        Assert.Null(o.Connection.Endpoint);
        Assert.Equal("eu-west-1", o.Connection.Region);
        Assert.Equal("loader", o.Connection.Profile);
        Assert.False(o.PathStyle);
        var bare = S3ObjectStoreOptions.FromUrl("s3://bucket/");
        Assert.Equal("", bare.Prefix);
        Assert.Null(bare.Connection.Region);
    }

    [Fact]
    public void Escaped_query_values_are_decoded()
    {
        var o = S3ObjectStoreOptions.FromUrl("s3://bucket/a%20b?endpoint=http%3A%2F%2Flocalhost%3A9000");
        Assert.Equal("a b/", o.Prefix);
        Assert.Equal(new Uri("http://localhost:9000"), o.Connection.Endpoint);
    }

    [Fact]
    public void DynamoDB_state_and_tenant_urls()
    {
        var state = DynamoDbStateStoreOptions.FromUrl("dynamodb://stratum-state?endpoint=http://127.0.0.1:4567&region=us-east-1");
        Assert.Equal("stratum-state", state.TableName);
        Assert.Equal(new Uri("http://127.0.0.1:4567"), state.Connection.Endpoint);
        Assert.Equal("dynamodb://stratum-state?endpoint=http://127.0.0.1:4567&region=us-east-1", state.ToUrl());

        var tenants = DynamoDbTenantRegistryOptions.FromUrl("dynamodb://TenantServices?region=us-east-2&service=connectwise");
        Assert.Equal("TenantServices", tenants.TableName);
        Assert.Equal("connectwise", tenants.Service);
        Assert.Null(tenants.Connection.Endpoint);
        Assert.Equal("dynamodb://TenantServices?region=us-east-2&service=connectwise", tenants.ToUrl());
    }

    [Theory]
    [InlineData("s3://AKIA:secret@bucket/x", "never carry credentials")]
    [InlineData("s3://bucket?secret_access_key=abc", "looks like a secret")]
    [InlineData("s3://bucket?aws_session_token=abc", "looks like a secret")]
    [InlineData("s3://bucket?endpoint=http://u:p@host:1", "must not carry credentials")]
    [InlineData("s3://bucket?regoin=us-east-1", "unknown URL parameter 'regoin'")]
    [InlineData("s3://bucket?region=us-east-1&region=eu-west-1", "given twice")]
    [InlineData("s3://bucket?region=", "has no value")]
    [InlineData("s3://Bad_Bucket", "not a valid S3 bucket name")]
    [InlineData("s3://bucket//x", "no empty segment")]
    [InlineData("s3://bucket?endpoint=ftp://host", "not an http:// or https:// URL")]
    [InlineData("s3://bucket?endpoint=http://host/path", "without a path")]
    [InlineData("s3://bucket?region=US_EAST", "not an AWS region name")]
    [InlineData("s3://bucket?path_style=maybe", "not true or false")]
    [InlineData("file:///data", "is not a s3:// URL")]
    [InlineData("s3://", "names no bucket")]
    public void Bad_s3_urls_are_refused_with_a_reason(string url, string expected)
    {
        var e = Assert.Throws<StratumException>(() => S3ObjectStoreOptions.FromUrl(url));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
        Assert.DoesNotContain("abc", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret@", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dynamodb://ab", "not a valid DynamoDB table name")]
    [InlineData("dynamodb://table/extra", "without a path")]
    [InlineData("dynamodb://table?service=x", "unknown URL parameter 'service'")]
    [InlineData("dynamodb://table?password=x", "looks like a secret")]
    [InlineData("s3://table", "is not a dynamodb:// URL")]
    public void Bad_dynamodb_state_urls_are_refused_with_a_reason(string url, string expected)
    {
        var e = Assert.Throws<StratumException>(() => DynamoDbStateStoreOptions.FromUrl(url));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
