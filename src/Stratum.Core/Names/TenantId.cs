using System.Diagnostics.CodeAnalysis;

namespace Stratum.Names;

/// <summary>
/// A tenant id: a value in the <c>tenant_id</c> column and a path segment in the object store.
/// Accepted: <c>[A-Za-z0-9][A-Za-z0-9._-]{0,127}</c>, and never <c>..</c> (so it cannot climb a path).
/// </summary>
public readonly record struct TenantId : IComparable<TenantId>
{
    public const int MaxLength = 128;

    private TenantId(string value) => Value = value;

    public string Value { get; }

    public static TenantId Parse(string? text)
        => TryParse(text, out var id, out var error) ? id : throw new InvalidNameException(error);

    public static bool TryParse(string? text, out TenantId tenant, [NotNullWhen(false)] out string? error)
    {
        tenant = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "tenant id is empty; tenant ids are 1 to 128 characters of [A-Za-z0-9._-] starting with a letter or digit";
            return false;
        }
        if (text.Length > MaxLength)
        {
            error = $"tenant id '{Identifier.Printable(text)}' is {text.Length} characters long; at most {MaxLength} are allowed";
            return false;
        }
        if (!char.IsAsciiLetterOrDigit(text[0]))
        {
            error = $"tenant id '{Identifier.Printable(text)}' must start with a letter or digit";
            return false;
        }
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                error = $"tenant id '{Identifier.Printable(text)}' has '{Identifier.Printable(c.ToString())}' at position {i + 1}; only A-Z, a-z, 0-9, '.', '_' and '-' are allowed";
                return false;
            }
        }
        if (text.Contains("..", StringComparison.Ordinal))
        {
            error = $"tenant id '{text}' contains '..'";
            return false;
        }
        error = null;
        tenant = new TenantId(text);
        return true;
    }

    public int CompareTo(TenantId other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value ?? "";
}
