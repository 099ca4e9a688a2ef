namespace Stratum.ClickHouse.Warehouse;

/// <summary>The ClickHouse column types Stratum writes (see <see cref="WireType"/>).</summary>
public enum WireKind
{
    String,
    Int64,
    Int32,
    Float64,
    Decimal,
    /// <summary>UInt8 0/1 (18.16 has no Bool; newer servers' Bool has the same binary form).</summary>
    Bool,
    Date,
    /// <summary>DateTime('UTC'): whole seconds.</summary>
    DateTime,
    /// <summary>DateTime64(6, 'UTC'): microseconds, on servers that have it.</summary>
    DateTime64,
}
