namespace Stratum.Audit;

/// <summary>One lineage value: rows it wrote that belong to a duplicate group, and in how many groups.</summary>
public sealed record LineageValue(string Value, long Rows, long Groups);
