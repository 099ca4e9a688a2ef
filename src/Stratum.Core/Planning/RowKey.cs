using System.Globalization;
using System.Text;
using Stratum.Contracts;
using Stratum.Hashing;

namespace Stratum.Planning;

/// <summary>
/// A business key as one comparable text: each key value in an invariant, type-specific form; a
/// composite key's parts length-prefixed by <see cref="CompositeKey"/> (so a part holding any
/// character, a separator included, never makes two keys one). Equality and ordering are ordinal on <see cref="Text"/>; <see cref="Values"/>
/// keeps the typed values for the warehouse.
/// </summary>
public sealed class RowKey : IEquatable<RowKey>, IComparable<RowKey>
{
    private RowKey(string text, object?[] values)
    {
        Text = text;
        Values = values;
    }

    public string Text { get; }

    public IReadOnlyList<object?> Values { get; }

    public static RowKey FromRow(TableContract contract, object?[] row)
    {
        var ordinals = contract.KeyOrdinals;
        var values = new object?[ordinals.Length];
        for (var i = 0; i < ordinals.Length; i++)
        {
            values[i] = row[ordinals[i]];
        }
        return FromValues(contract, values);
    }

    public static RowKey FromValues(TableContract contract, object?[] values)
    {
        if (values.Length == 1)
        {
            return new RowKey(Part(contract.Column(contract.Key[0].Value).Type, values[0]), values);
        }
        var sb = new StringBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            CompositeKey.AppendPart(sb, Part(contract.Column(contract.Key[i].Value).Type, values[i]));
        }
        return new RowKey(sb.ToString(), values);
    }

    /// <summary>For tests and tools: a key of one string value.</summary>
    public static RowKey Of(string value) => new(value, [value]);

    private static string Part(ColumnType type, object? v) => v switch
    {
        null => throw new ArgumentException("a key value is null"),
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        decimal d => CanonicalEncoder.DecimalText(d, type.Scale),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    public bool Equals(RowKey? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as RowKey);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public int CompareTo(RowKey? other) => string.CompareOrdinal(Text, other?.Text);

    public override string ToString() => Values.Count > 1 ? CompositeKey.Display(Text) : Text;
}
