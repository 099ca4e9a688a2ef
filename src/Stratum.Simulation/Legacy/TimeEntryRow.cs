namespace Stratum.Simulation.Legacy;

/// <summary>
/// One row of the legacy <c>time_entries</c> table, by what matters to the audit; the other columns
/// are filled deterministically from <see cref="Entry"/> (so rows of one entry share their content)
/// and <see cref="Variant"/> (a different variant is different content at the same version).
/// </summary>
public sealed record TimeEntryRow(
    string Tenant, int Entry, DateTime LastUpdated, DateTime Effective, DateTime? Expiration, bool IsCurrent, int Variant = 0, uint RecordVersion = 1);
