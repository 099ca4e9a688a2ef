namespace Stratum.Contracts;

/// <summary>
/// What to do with a file that lacks a declared column (<c>missing_columns</c> in a contract).
/// A missing column that is not nullable is rejected under either policy: it has no value to load.
/// </summary>
public enum MissingColumnPolicy
{
    /// <summary>Quarantine the file, naming the column (the default: the schema changed, say so rather than load nulls).</summary>
    Reject,

    /// <summary>Load a missing nullable column as null in every row of the file, exactly as if the file held nulls.</summary>
    Null,
}
