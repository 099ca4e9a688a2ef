using Stratum.Aws.Connection;

namespace Stratum.Aws.Objects;

/// <summary>
/// Where an <see cref="S3ObjectStore"/> reads: a bucket and an optional root prefix under which
/// the <c>{tenant}/canonical/{table}/</c> layout lives. URL form:
/// <c>s3://bucket/prefix?endpoint=http://127.0.0.1:4568&amp;region=us-east-1&amp;path_style=true&amp;profile=NAME</c>;
/// without <c>endpoint</c> the store talks to AWS itself.
/// </summary>
public sealed record S3ObjectStoreOptions
{
    public required string Bucket { get; init; }

    /// <summary>The root prefix, "" or ending in '/'. Keys the store returns are relative to it.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>); null: on for custom endpoints, off for AWS.</summary>
    public bool? PathStyle { get; init; }

    public AwsConnectionOptions Connection { get; init; } = new();

    /// <summary>Keys per list request (1..1000); smaller only to exercise paging in tests.</summary>
    public int PageSize { get; init; } = 1000;

    private static readonly string[] QueryNames = [.. AwsConnectionOptions.QueryNames, "path_style"];

    public static S3ObjectStoreOptions FromUrl(string url)
    {
        var parsed = AwsUrl.Parse(url, "s3", QueryNames);
        bool? pathStyle = parsed.Query.TryGetValue("path_style", out var ps) ? ParseBool(ps) : null;
        var options = new S3ObjectStoreOptions
        {
            Bucket = parsed.Name,
            Prefix = NormalizePrefix(parsed.Path),
            PathStyle = pathStyle,
            Connection = AwsConnectionOptions.FromQuery(parsed.Query),
        };
        options.Validate();
        return options;
    }

    /// <summary>The URL form, without secrets.</summary>
    public string ToUrl()
        => $"s3://{Bucket}/{Prefix}" + Connection.ToQuery(("path_style", PathStyle is null ? null : PathStyle.Value ? "true" : "false"));

    internal void Validate()
    {
        if (!IsBucketName(Bucket))
        {
            throw new StratumException($"'{Bucket}' is not a valid S3 bucket name (3-63 characters of a-z, 0-9, '.', '-', starting and ending with a letter or digit)");
        }
        if (Prefix.Length > 0 && (!Prefix.EndsWith('/') || Prefix.StartsWith('/') || Prefix.Contains("//", StringComparison.Ordinal)))
        {
            throw new StratumException($"S3 root prefix '{Prefix}' must be empty or 'a/b/' (no leading '/', no empty segment)");
        }
        if (PageSize is < 1 or > 1000)
        {
            throw new StratumException($"S3 list page size {PageSize} is out of range 1..1000");
        }
        Connection.Validate();
    }

    private static string NormalizePrefix(string path)
        => path.Length == 0 || path.EndsWith('/') ? path : path + "/";

    private static bool ParseBool(string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new StratumException($"path_style '{text}' is not true or false"),
    };

    private static bool IsBucketName(string name)
        => name.Length is >= 3 and <= 63
           && (char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0]))
           && (char.IsAsciiLetterLower(name[^1]) || char.IsAsciiDigit(name[^1]))
           && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')
           && !name.Contains("..", StringComparison.Ordinal);
}
