namespace Stratum.ClickHouse.Tsv;

/// <summary>A small query answer in <c>TabSeparatedWithNamesAndTypes</c>: column names, their ClickHouse
/// types, and the rows as unescaped text (null for <c>\N</c>).</summary>
public sealed record TsvResult(IReadOnlyList<string> Names, IReadOnlyList<string> Types, IReadOnlyList<string?[]> Rows)
{
    public int Ordinal(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        throw new KeyNotFoundException($"the answer has no column '{name}'; it has {string.Join(", ", Names)}");
    }

    /// <summary>The single value of a one-row, one-column answer.</summary>
    public string? Scalar => Rows.Count == 1 && Rows[0].Length == 1
        ? Rows[0][0]
        : throw new InvalidOperationException($"expected one value, got {Rows.Count} rows");
}
