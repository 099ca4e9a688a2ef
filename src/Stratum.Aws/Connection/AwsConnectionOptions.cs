using Amazon.Runtime;

namespace Stratum.Aws.Connection;

/// <summary>
/// Where and as whom the AWS adapters connect. Without <see cref="Endpoint"/> they talk to real
/// AWS, with credentials and (when <see cref="Region"/> is null) region from the SDK's default
/// chain: environment, shared profile, SSO, container or instance role. Secrets never come from a
/// URL: <see cref="Credentials"/> is for code, and the URL carries at most a profile name.
/// </summary>
public sealed record AwsConnectionOptions
{
    /// <summary>An S3- or DynamoDB-compatible endpoint (s3rver, dynalite, MinIO, a VPC endpoint); null for AWS itself.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The AWS region, e.g. <c>eu-west-1</c>. With a custom endpoint it is the signing region (default us-east-1).</summary>
    public string? Region { get; init; }

    /// <summary>A named profile from the shared AWS config/credentials files.</summary>
    public string? Profile { get; init; }

    /// <summary>Explicit credentials (from code only). Null: the default chain, or placeholders for a loopback emulator.</summary>
    public AWSCredentials? Credentials { get; init; }

    public AwsRetryOptions Retry { get; init; } = new();

    /// <summary>Query parameters that <see cref="FromQuery"/> understands.</summary>
    internal static readonly string[] QueryNames = ["endpoint", "region", "profile"];

    internal static AwsConnectionOptions FromQuery(IReadOnlyDictionary<string, string> query)
    {
        var endpoint = query.TryGetValue("endpoint", out var e) ? ParseEndpoint(e) : null;
        var region = query.TryGetValue("region", out var r) ? CheckRegion(r) : null;
        var profile = query.TryGetValue("profile", out var p) ? CheckProfile(p) : null;
        return new AwsConnectionOptions { Endpoint = endpoint, Region = region, Profile = profile };
    }

    /// <summary>The query string that reproduces these options (no secrets), starting with '?' or empty.</summary>
    internal string ToQuery(params (string Name, string? Value)[] extra)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={value}");
            }
        }
        Add("endpoint", Endpoint?.GetLeftPart(UriPartial.Authority));
        Add("region", Region);
        Add("profile", Profile);
        foreach (var (name, value) in extra)
        {
            Add(name, value);
        }
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    internal void Validate()
    {
        if (Endpoint is not null)
        {
            _ = ParseEndpoint(Endpoint.OriginalString);
        }
        if (Region is not null)
        {
            _ = CheckRegion(Region);
        }
        Retry.Validate();
    }

    private static Uri ParseEndpoint(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new StratumException($"endpoint '{text}' is not an http:// or https:// URL");
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new StratumException("endpoint must not carry credentials; use AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile");
        }
        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
        {
            throw new StratumException($"endpoint '{text}' must be scheme://host[:port] only, without a path or query");
        }
        return uri;
    }

    private static string CheckRegion(string region)
    {
        if (region.Length is 0 or > 32 || !region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new StratumException($"region '{region}' is not an AWS region name such as us-east-1");
        }
        return region;
    }

    private static string CheckProfile(string profile)
    {
        if (profile.Length is 0 or > 128 || !profile.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new StratumException($"profile '{profile}' is not a profile name ([A-Za-z0-9._-])");
        }
        return profile;
    }
}
