using System.Text.RegularExpressions;

namespace Stratum.ClickHouse.Warehouse;

/// <summary>
/// The differences between a contract's table and the table that exists, one readable line each
/// (missing, extra and retyped columns; engine, partition and sorting key). Types are compared as
/// stored: a DateTime's time zone and Bool versus UInt8 do not count, as their binary forms are equal.
/// </summary>
public static partial class SchemaDiff
{
    public static IReadOnlyList<string> Compare(TableLayout expected, TableShape actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var differences = new List<string>();
        var actualByName = actual.Columns.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        foreach (var column in expected.Columns)
        {
            var name = column.Name.Value;
            var want = column.Type.TypeName;
            if (!actualByName.TryGetValue(name, out var have))
            {
                differences.Add($"column '{name}' is missing (the contract wants {want})");
            }
            else if (NormalizeType(have) != NormalizeType(want))
            {
                differences.Add($"column '{name}' is {have}; the contract wants {want}");
            }
        }
        var expectedNames = expected.Columns.Select(c => c.Name.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, type) in actual.Columns)
        {
            if (!expectedNames.Contains(name))
            {
                differences.Add($"column '{name}' ({type}) is not in the contract");
            }
        }
        if (!actual.Engine.EndsWith("MergeTree", StringComparison.Ordinal))
        {
            differences.Add($"engine is {actual.Engine}; Stratum needs a MergeTree table");
        }
        var partition = expected.Tenant.Value;
        if (NormalizeKey(actual.PartitionKey) != partition)
        {
            differences.Add($"partition key is '{actual.PartitionKey}'; Stratum needs PARTITION BY {partition} to publish a tenant atomically");
        }
        var sorting = string.Join(",", expected.SortingKey.Select(k => k.Value));
        if (NormalizeKey(actual.SortingKey) != sorting)
        {
            differences.Add($"sorting key is '{actual.SortingKey}'; the contract wants ORDER BY ({sorting.Replace(",", ", ", StringComparison.Ordinal)})");
        }
        return differences;
    }

    /// <summary><c>Nullable(DateTime('UTC'))</c> → <c>Nullable(DateTime)</c>; <c>Bool</c> → <c>UInt8</c>; no spaces.</summary>
    public static string NormalizeType(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var t = type.Replace(" ", "", StringComparison.Ordinal);
        t = DateTimeZone().Replace(t, "DateTime");
        t = DateTime64Zone().Replace(t, "DateTime64($1)");
        return BoolType().Replace(t, "UInt8");
    }

    private static string NormalizeKey(string key)
    {
        var k = key.Replace(" ", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal);
        return k.StartsWith('(') && k.EndsWith(')') ? k[1..^1] : k;
    }

    [GeneratedRegex(@"DateTime\('[^']*'\)", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeZone();

    [GeneratedRegex(@"DateTime64\((\d+)(,'[^']*')?\)", RegexOptions.CultureInvariant)]
    private static partial Regex DateTime64Zone();

    [GeneratedRegex(@"\bBool\b", RegexOptions.CultureInvariant)]
    private static partial Regex BoolType();
}
