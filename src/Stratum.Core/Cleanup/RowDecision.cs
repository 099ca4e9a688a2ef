namespace Stratum.Cleanup;

/// <summary>One row of a rebuilt history: copy the row whose hash is <see cref="RowHash"/> with these SCD values.</summary>
public sealed record RowDecision(ulong RowHash, DateTime Effective, DateTime? Expiration, bool IsCurrent, int RecordVersion);
