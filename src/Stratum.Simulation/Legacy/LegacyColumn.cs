using Stratum.Names;

namespace Stratum.Simulation.Legacy;

/// <summary>One column of a legacy table to create.</summary>
public sealed record LegacyColumn(Identifier Name, LegacyType Type, LegacyDefault Default = LegacyDefault.None);
