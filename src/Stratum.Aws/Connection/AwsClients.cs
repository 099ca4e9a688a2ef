using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;

namespace Stratum.Aws.Connection;

/// <summary>Builds SDK clients from <see cref="AwsConnectionOptions"/>.</summary>
internal static class AwsClients
{
    /// <summary>s3rver's fixed well-known key pair (dynalite accepts any); a placeholder, not a secret.</summary>
    private static readonly BasicAWSCredentials EmulatorCredentials = new("S3RVER", "S3RVER");

    public static AmazonS3Client CreateS3(AwsConnectionOptions options, bool? pathStyle)
    {
        var config = new AmazonS3Config { ForcePathStyle = pathStyle ?? options.Endpoint is not null };
        Configure(config, options);
        if (options.Endpoint is not null)
        {
            // S3-compatible servers rarely implement the flexible checksums the SDK adds by default.
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        var credentials = Credentials(options);
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    public static AmazonDynamoDBClient CreateDynamoDb(AwsConnectionOptions options)
    {
        var config = new AmazonDynamoDBConfig();
        Configure(config, options);
        var credentials = Credentials(options);
        return credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
    }

    private static void Configure(ClientConfig config, AwsConnectionOptions options)
    {
        options.Validate();
        config.MaxErrorRetry = 0; // AwsCaller retries; two layers would multiply attempts
        if (options.Endpoint is not null)
        {
            config.ServiceURL = options.Endpoint.GetLeftPart(UriPartial.Authority);
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else if (options.Region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        if (options.Profile is not null)
        {
            config.Profile = new Profile(options.Profile);
        }
    }

    /// <summary>
    /// Null means the SDK's default chain. A loopback endpoint without configured credentials
    /// gets placeholders, so the chain never falls through to the instance-metadata service.
    /// </summary>
    private static AWSCredentials? Credentials(AwsConnectionOptions options)
    {
        if (options.Credentials is not null)
        {
            return options.Credentials;
        }
        if (options.Profile is not null)
        {
            var chain = new CredentialProfileStoreChain();
            return chain.TryGetAWSCredentials(options.Profile, out var fromProfile)
                ? fromProfile
                : throw new StratumException($"AWS profile '{options.Profile}' was not found in the shared config or credentials file");
        }
        if (options.Endpoint is { IsLoopback: true } && Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is null)
        {
            return EmulatorCredentials;
        }
        return null;
    }
}
