using System.Diagnostics.CodeAnalysis;

namespace Stratum.Names;

/// <summary>
/// A table or column name that is safe to use as a SQL identifier in every supported warehouse:
/// <c>[a-z][a-z0-9_]{0,62}</c>. Nothing else can be constructed, so no raw string reaches SQL as
/// an identifier.
/// </summary>
public readonly record struct Identifier : IComparable<Identifier>
{
    public const int MaxLength = 63;

    private Identifier(string value) => Value = value;

    public string Value { get; }

    public static Identifier Parse(string? text, string what = "name")
        => TryParse(text, out var id, out var error) ? id : throw new InvalidNameException(error);

    public static bool TryParse(string? text, out Identifier identifier, [NotNullWhen(false)] out string? error, string what = "name")
    {
        identifier = default;
        error = Validate(text, what);
        if (error is not null)
        {
            return false;
        }
        identifier = new Identifier(text!);
        return true;
    }

    private static string? Validate(string? text, string what)
    {
        if (string.IsNullOrEmpty(text))
        {
            return $"{what} is empty; names are 1 to {MaxLength} characters of [a-z0-9_] starting with a letter";
        }
        if (text.Length > MaxLength)
        {
            return $"{what} '{Printable(text)}' is {text.Length} characters long; at most {MaxLength} are allowed";
        }
        if (text[0] is < 'a' or > 'z')
        {
            return $"{what} '{Printable(text)}' must start with a lower-case letter a-z";
        }
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return $"{what} '{Printable(text)}' has '{Printable(c.ToString())}' at position {i + 1}; only a-z, 0-9 and _ are allowed";
            }
        }
        return null;
    }

    internal static string Printable(string text)
    {
        var chars = text.Select(c => char.IsControl(c) ? '?' : c).Take(80).ToArray();
        return new string(chars) + (text.Length > 80 ? "…" : "");
    }

    public int CompareTo(Identifier other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value ?? "";
}
