using System.Web;

namespace Stratum.Adapters;

/// <summary>
/// An adapter named by a URL: <c>scheme://rest?query</c>. For file, sqlite and duckdb the rest is a
/// path (absolute, or relative to the project folder: <c>sqlite://./.stratum/state.db</c>,
/// <c>sqlite:///var/lib/stratum/state.db</c>). Secrets are never taken from URLs.
/// </summary>
public sealed record AdapterUrl(string Scheme, string Rest, IReadOnlyDictionary<string, string> Query, string Original)
{
    public static AdapterUrl Parse(string text, string what)
    {
        var i = text.IndexOf("://", StringComparison.Ordinal);
        if (i <= 0)
        {
            throw new ConfigException($"{what} '{text}' is not an adapter URL (scheme://…, e.g. file:///data, sqlite://./state.db, duckdb://./warehouse.duckdb)");
        }
        var scheme = text[..i].ToLowerInvariant();
        var rest = text[(i + 3)..];
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            var parsed = HttpUtility.ParseQueryString(rest[(q + 1)..]);
            foreach (var key in parsed.AllKeys.Where(k => k is not null))
            {
                query[key!] = parsed[key] ?? "";
            }
            rest = rest[..q];
        }
        return new AdapterUrl(scheme, rest, query, text);
    }

    /// <summary>The rest as a file-system path, relative ones resolved against <paramref name="baseDirectory"/>.</summary>
    public string LocalPath(string baseDirectory)
    {
        if (Rest.Length == 0)
        {
            throw new ConfigException($"'{Original}' names no path");
        }
        return Path.GetFullPath(Path.IsPathRooted(Rest) ? Rest : Path.Combine(baseDirectory, Rest));
    }
}
