namespace Stratum.Audit;

/// <summary>What a warehouse column holds, as far as the audit cares: the roles demand certain classes
/// (effective and expiration dates are timestamps or dates, <c>is_current</c> is a flag).</summary>
public enum ColumnClass
{
    Text,
    Number,
    Bool,
    Date,
    Timestamp,
    Other,
}
