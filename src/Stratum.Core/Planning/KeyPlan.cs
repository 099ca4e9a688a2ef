namespace Stratum.Planning;

/// <summary>The new history of one key, ordered by effective date, and whether it differs from the old one.</summary>
public sealed record KeyPlan(RowKey Key, IReadOnlyList<VersionRow> Rows, bool Changed);
