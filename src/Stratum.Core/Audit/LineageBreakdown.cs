using Stratum.Names;

namespace Stratum.Audit;

/// <summary>Rows in duplicate groups by the value of a lineage column (source file, load):
/// the <see cref="Values"/> with most rows first, and how many distinct values there are in all.</summary>
public sealed record LineageBreakdown(Identifier Column, long DistinctValues, IReadOnlyList<LineageValue> Values);
