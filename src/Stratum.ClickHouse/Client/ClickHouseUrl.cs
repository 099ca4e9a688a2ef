using System.Globalization;
using Stratum.Names;

namespace Stratum.ClickHouse.Client;

/// <summary>
/// Parses the warehouse URL of the CLI:
/// <c>clickhouse://host:port/db</c> (http), <c>clickhouses://host:port/db</c> or
/// <c>clickhouse://host/db?secure=true</c> (https). Also accepted: <c>http://</c> and <c>https://</c>
/// (a ClickHouse Cloud endpoint as copied from its console). Query options: <c>secure</c>,
/// <c>ca_file</c>, <c>timeout</c> (seconds). The user comes from the URL's userinfo or
/// STRATUM_CLICKHOUSE_USER / CLICKHOUSE_USER; the password only from STRATUM_CLICKHOUSE_PASSWORD /
/// CLICKHOUSE_PASSWORD. A password written in the URL is refused, never used.
/// </summary>
public static class ClickHouseUrl
{
    public static readonly string[] Schemes = ["clickhouse", "clickhouses", "http", "https"];

    /// <param name="url">The URL.</param>
    /// <param name="environment">Reads an environment variable; defaults to the process environment.</param>
    public static ClickHouseOptions Parse(Uri url, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        var env = environment ?? Environment.GetEnvironmentVariable;
        if (!url.IsAbsoluteUri || !Schemes.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            throw Fail(url, $"the scheme must be one of {string.Join(", ", Schemes.Select(s => s + "://"))}");
        }
        var query = ParseQuery(url);
        var secure = url.Scheme is "clickhouses" or "https";
        if (query.TryGetValue("secure", out var s))
        {
            secure = s switch
            {
                "true" or "1" => true,
                "false" or "0" => false,
                _ => throw Fail(url, $"secure={s} is not true or false"),
            };
        }
        var user = FromEnvironment(env, "STRATUM_CLICKHOUSE_USER", "CLICKHOUSE_USER") ?? "default";
        if (url.UserInfo.Length > 0)
        {
            var info = url.UserInfo.Split(':', 2);
            if (info.Length == 2)
            {
                throw Fail(url, "a password in the URL is not accepted; set STRATUM_CLICKHOUSE_PASSWORD instead");
            }
            user = Uri.UnescapeDataString(info[0]);
        }
        var dbText = url.AbsolutePath.Trim('/');
        if (dbText.Contains('/', StringComparison.Ordinal))
        {
            throw Fail(url, "the path must be just the database name, e.g. /analytics");
        }
        if (!Identifier.TryParse(dbText.Length == 0 ? "default" : dbText, out var database, out var dbError, "database"))
        {
            throw Fail(url, dbError);
        }
        var port = url.IsDefaultPort || url.Port <= 0 ? (secure ? 8443 : 8123) : url.Port;
        var options = new ClickHouseOptions
        {
            Endpoint = new UriBuilder(secure ? "https" : "http", url.Host, port, "/").Uri,
            Database = database,
            User = user,
            Password = FromEnvironment(env, "STRATUM_CLICKHOUSE_PASSWORD", "CLICKHOUSE_PASSWORD"),
            CaFile = query.GetValueOrDefault("ca_file"),
        };
        if (query.TryGetValue("timeout", out var t))
        {
            if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
            {
                throw Fail(url, $"timeout={t} is not a positive number of seconds");
            }
            options = options with { QueryTimeout = TimeSpan.FromSeconds(seconds) };
        }
        if (options.CaFile is not null && !secure)
        {
            throw Fail(url, "ca_file is given but the connection is not https; use clickhouses:// or secure=true");
        }
        return options;
    }

    private static Dictionary<string, string> ParseQuery(Uri url)
    {
        string[] known = ["secure", "ca_file", "timeout"];
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            if (!known.Contains(key))
            {
                throw Fail(url, $"unknown option '{key}'; known: {string.Join(", ", known)}");
            }
            result[key] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : "true";
        }
        return result;
    }

    private static string? FromEnvironment(Func<string, string?> env, string first, string second)
        => env(first) is { Length: > 0 } a ? a : env(second) is { Length: > 0 } b ? b : null;

    private static StratumException Fail(Uri url, string why)
        => new($"ClickHouse URL '{Redact(url)}': {why}");

    /// <summary>The URL with any userinfo password blanked, for messages.</summary>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || !url.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            return url.ToString();
        }
        var b = new UriBuilder(url) { Password = "***" };
        return b.Uri.ToString();
    }
}
