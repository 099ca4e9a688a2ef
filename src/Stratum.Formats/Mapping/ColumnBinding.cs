using Stratum.Contracts;

namespace Stratum.Formats.Mapping;

/// <summary>An input column bound to the contract column it fills.</summary>
/// <param name="InputName">the name in the file (reported in rejections)</param>
/// <param name="Ordinal">the contract column's position in a row</param>
/// <param name="Spec">the contract column</param>
/// <param name="Role">why it cannot be null, beyond being declared non-null: "a key column", "the event-time column", or null</param>
internal sealed record ColumnBinding(string InputName, int Ordinal, ColumnSpec Spec, string? Role)
{
    public ColumnType Type => Spec.Type;

    public bool Renamed => !string.Equals(InputName, Spec.Name.Value, StringComparison.Ordinal);

    /// <summary>Why a null here is a rejection; <paramref name="found"/> is e.g. "is null" or "is empty (null)".</summary>
    public string NullProblem(string found)
        => Role is null
            ? $"{found}, but contract column '{Spec.Name}' is not nullable"
            : $"{found}, but '{Spec.Name}' is {Role} and cannot be null";

    /// <summary>A value problem, with the contract column named when the input column was renamed.</summary>
    public string ValueProblem(string problem) => Renamed ? $"{problem} (contract column '{Spec.Name}')" : problem;
}
