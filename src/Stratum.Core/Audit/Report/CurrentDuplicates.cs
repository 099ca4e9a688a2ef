namespace Stratum.Audit;

/// <summary>Extra copies and groups among current, or among historical, rows.</summary>
public sealed record CurrentDuplicates(bool IsCurrent, long DuplicateRows, long Groups);
