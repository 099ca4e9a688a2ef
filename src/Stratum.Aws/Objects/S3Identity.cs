using System.Globalization;

namespace Stratum.Aws.Objects;

/// <summary>
/// A file's identity in the ledger: <c>{key}|{etag}|{size}</c>. The key may hold any character,
/// but ETag and size never hold '|', so the form parses from the right. A new upload under the
/// same key gets a new ETag, and so a new identity.
/// </summary>
internal static class S3Identity
{
    public static string Format(string key, string etag, long size)
        => $"{key}|{Unquote(etag)}|{size.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The ETag recorded in an identity this store made; null for a foreign identity.</summary>
    public static string? ETagOf(string identity)
    {
        var last = identity.LastIndexOf('|');
        if (last <= 0)
        {
            return null;
        }
        var previous = identity.LastIndexOf('|', last - 1);
        return previous < 0 ? null : identity[(previous + 1)..last];
    }

    public static string Unquote(string? etag) => (etag ?? "").Trim('"');
}
