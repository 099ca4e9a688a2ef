using System.Text.RegularExpressions;
using Stratum.Names;

namespace Stratum.ClickHouse.Warehouse;

/// <summary>
/// Names of staging tables: <c>&lt;table&gt;_stg_&lt;32 hex digits&gt;</c>, the table part cut so the whole
/// stays a valid <see cref="Identifier"/> (63 characters). Anything matching <see cref="Pattern"/>
/// is Stratum's and may be swept when old.
/// </summary>
public static partial class StagingTables
{
    public const string Marker = "_stg_";

    /// <summary>The server-side regular expression (re2) of a staging table name.</summary>
    public const string Pattern = "_stg_[0-9a-f]{32}$";

    public static Identifier NewName(Identifier table, Guid id)
    {
        var suffix = Marker + id.ToString("N");
        var prefix = table.Value.Length + suffix.Length > Identifier.MaxLength ? table.Value[..(Identifier.MaxLength - suffix.Length)] : table.Value;
        return Identifier.Parse(prefix + suffix);
    }

    public static bool IsStaging(string name) => StagingName().IsMatch(name);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex StagingName();
}
