namespace Stratum.Audit;

/// <summary>
/// A row of a key the SCD repair rebuilds, as the warehouse summarises it: the key (tenant and key
/// text), its partition, the version's time, the SCD columns, a hash of what the version says
/// (<see cref="ContentHash"/>), a hash of the whole row (<see cref="RowHash"/>, the handle the
/// rewrite uses to copy the row) and how many identical copies of it there are.
/// </summary>
public sealed record HistoryRow(
    string Tenant, string Key, string Partition, DateTime Version, DateTime Effective, DateTime? Expiration,
    bool IsCurrent, ulong ContentHash, ulong RowHash, long Copies, bool IsDeleteMarker = false);
