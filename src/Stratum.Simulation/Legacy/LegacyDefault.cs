namespace Stratum.Simulation.Legacy;

/// <summary>A column default of the legacy table: <c>DEFAULT now()</c>, <c>DEFAULT true</c>, <c>DEFAULT 1</c>.</summary>
public enum LegacyDefault
{
    None,
    Now,
    True,
    One,
}
