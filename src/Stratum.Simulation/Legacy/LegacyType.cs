namespace Stratum.Simulation.Legacy;

/// <summary>Column types of a legacy table as the incident's pipeline declared them (ClickHouse 18.16
/// has no Bool: a flag is UInt8 there, BOOLEAN in DuckDB).</summary>
public enum LegacyType
{
    String,
    NullableString,
    DateTime,
    NullableDateTime,
    NullableFloat64,
    Flag,
    UInt32,
}
