namespace Stratum.Contracts;

/// <summary>The value types a contract column can have. Each maps to one CLR type in a row:
/// String → string, Int64 → long, Float64 → double, Decimal → decimal, Bool → bool,
/// Date → DateOnly, Timestamp → DateTime (UTC, microsecond precision at most).</summary>
public enum ColumnKind
{
    String,
    Int64,
    Float64,
    Decimal,
    Bool,
    Date,
    Timestamp,
}
