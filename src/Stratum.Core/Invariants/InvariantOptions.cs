namespace Stratum.Invariants;

/// <summary>
/// How strict the check is. <see cref="GapsAllowed"/>: the stream has deletes (tombstones or
/// snapshots), so a gap between versions means "deleted, then re-created". <see cref="Now"/>: when
/// set, effective dates after it are reported.
/// </summary>
public sealed record InvariantOptions(bool GapsAllowed = false, DateTime? Now = null);
