using System.Security.Cryptography;
using Stratum.Contracts;

namespace Stratum.Hashing;

/// <summary>
/// The version hash of a row: SHA-256 over the canonical encoding of the tracked columns, taken
/// in ordinal order of their names (so input column order never matters), each as
/// <c>name (u32 length + UTF-8)</c> then <c>value (tag + payload)</c>. The first 16 bytes,
/// lower-case hex (32 characters). See docs/row-hash.md.
/// </summary>
public sealed class RowHasher
{
    private readonly (string Name, int Ordinal, ColumnType Type)[] _tracked;

    public RowHasher(TableContract contract)
    {
        _tracked = [.. contract.Tracked
            .Select(t => (t.Value, contract.Ordinal(t.Value), contract.Column(t.Value).Type))
            .OrderBy(t => t.Value, StringComparer.Ordinal)];
    }

    public string Hash(object?[] row)
    {
        var buffer = new List<byte>(256);
        foreach (var (name, ordinal, type) in _tracked)
        {
            CanonicalEncoder.WriteString(buffer, name);
            CanonicalEncoder.WriteValue(buffer, type, row[ordinal]);
        }
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer), digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
