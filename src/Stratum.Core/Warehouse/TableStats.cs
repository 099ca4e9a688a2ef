namespace Stratum.Warehouse;

/// <summary>Row counts of a target table (for one tenant, or all).</summary>
public sealed record TableStats(long Rows, long CurrentRows, long Keys, DateTime? NewestEffectiveDate);
