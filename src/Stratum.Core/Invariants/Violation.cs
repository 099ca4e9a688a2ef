using Stratum.Planning;

namespace Stratum.Invariants;

/// <summary>One violation of the history invariants, for one key.</summary>
public sealed record Violation(ViolationKind Kind, RowKey Key, string Detail)
{
    public override string ToString() => $"{Kind} key={Key}: {Detail}";
}
