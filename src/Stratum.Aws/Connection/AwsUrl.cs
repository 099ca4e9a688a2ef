namespace Stratum.Aws.Connection;

/// <summary>
/// A parsed <c>scheme://name/path?query</c> URL as the CLI passes it. Unknown parameters are
/// errors (a typo must not silently mean "real AWS"), and anything that looks like a secret is
/// refused with the way to pass it instead.
/// </summary>
internal sealed record AwsUrl(string Name, string Path, IReadOnlyDictionary<string, string> Query)
{
    private static readonly string[] SecretHints = ["secret", "password", "token", "access_key", "accesskey", "session"];

    public static AwsUrl Parse(string url, string scheme, IReadOnlyCollection<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(url);
        var head = scheme + "://";
        if (!url.StartsWith(head, StringComparison.OrdinalIgnoreCase))
        {
            throw new StratumException($"'{SchemeOf(url)}' is not a {head} URL");
        }
        var rest = url[head.Length..];
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        var query = q < 0 ? "" : rest[(q + 1)..];
        var location = q < 0 ? rest : rest[..q];
        var slash = location.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? location : location[..slash];
        var path = slash < 0 ? "" : Uri.UnescapeDataString(location[(slash + 1)..]);
        if (name.Contains('@', StringComparison.Ordinal))
        {
            throw new StratumException($"{head} URLs never carry credentials; use AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile (?profile=NAME) or an instance role");
        }
        if (name.Length == 0)
        {
            throw new StratumException($"the {head} URL names no {(scheme == "s3" ? "bucket" : "table")}");
        }
        return new AwsUrl(name, path, ParseQuery(query, allowed));
    }

    private static Dictionary<string, string> ParseQuery(string query, IReadOnlyCollection<string> allowed)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..]);
            if (SecretHints.Any(h => key.Contains(h, StringComparison.Ordinal)))
            {
                throw new StratumException($"URL parameter '{key}' looks like a secret; secrets never go in URLs: use environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), a profile or an instance role");
            }
            if (!allowed.Contains(key))
            {
                throw new StratumException($"unknown URL parameter '{key}'; allowed: {string.Join(", ", allowed)}");
            }
            if (value.Length == 0)
            {
                throw new StratumException($"URL parameter '{key}' has no value");
            }
            if (!result.TryAdd(key, value))
            {
                throw new StratumException($"URL parameter '{key}' is given twice");
            }
        }
        return result;
    }

    /// <summary>Only the scheme part is echoed in errors: the rest of a mistyped URL might hold a secret.</summary>
    private static string SchemeOf(string url)
    {
        var end = url.IndexOf("://", StringComparison.Ordinal);
        return end < 0 ? (url.Length <= 12 ? url : url[..12] + "…") : url[..(end + 3)] + "…";
    }
}
