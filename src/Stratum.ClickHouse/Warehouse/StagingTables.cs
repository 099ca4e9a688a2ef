using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Stratum.Names;

namespace Stratum.ClickHouse.Warehouse;

/// <summary>
/// Names of staging tables: <c>&lt;table&gt;_stg_&lt;32 hex digits&gt;</c>, the table part cut so the whole
/// stays a valid <see cref="Identifier"/> (63 characters). Anything matching <see cref="Pattern"/>
/// is Stratum's and may be swept when old. A fenced publish's name says whose it is: 12 hex digits
/// of the stream (a hash of tenant and table), 12 of the lease token, 8 random ones — so a newer
/// lease holder can find and drop every staging table an older one prepared (the fence).
/// </summary>
public static partial class StagingTables
{
    public const string Marker = "_stg_";

    /// <summary>The server-side regular expression (re2) of a staging table name.</summary>
    public const string Pattern = "_stg_[0-9a-f]{32}$";

    /// <summary>The largest lease token a fenced staging name can carry (12 hex digits).</summary>
    public const long MaxToken = 0xFFFF_FFFF_FFFFL;

    public static Identifier NewName(Identifier table, Guid id) => Build(table, id.ToString("N"));

    /// <summary>The staging table of one publish attempt of <paramref name="stream"/> under lease <paramref name="token"/>.</summary>
    public static Identifier ForPublish(StreamId stream, long token, Guid attempt)
    {
        if (token is < 0 or > MaxToken)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, "lease token out of the staging name's range");
        }
        return Build(stream.Table, StreamHash(stream) + token.ToString("x12", CultureInfo.InvariantCulture) + attempt.ToString("N")[..8]);
    }

    /// <summary>The name every staging table of <paramref name="stream"/> starts with.</summary>
    public static string StreamPrefix(StreamId stream) => Build(stream.Table, StreamHash(stream) + new string('0', 20)).Value[..^20];

    /// <summary>The lease token in a fenced staging name of <paramref name="stream"/>, or null when the name is not one.</summary>
    public static long? TokenOf(StreamId stream, string name)
    {
        var prefix = StreamPrefix(stream);
        if (!IsStaging(name) || !name.StartsWith(prefix, StringComparison.Ordinal) || name.Length != prefix.Length + 20)
        {
            return null;
        }
        return long.Parse(name.AsSpan(prefix.Length, 12), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    public static bool IsStaging(string name) => StagingName().IsMatch(name);

    private static Identifier Build(Identifier table, string hex32)
    {
        var suffix = Marker + hex32;
        var prefix = table.Value.Length + suffix.Length > Identifier.MaxLength ? table.Value[..(Identifier.MaxLength - suffix.Length)] : table.Value;
        return Identifier.Parse(prefix + suffix);
    }

    private static string StreamHash(StreamId stream)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stream.Key)))[..12];

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex StagingName();
}
