namespace Stratum.Audit;

/// <summary>One exact-duplicate group, for the reader to look at: its key, version and copies.</summary>
public sealed record DuplicateSample(string Tenant, string Key, DateTime? Version, bool IsCurrent, long Copies, long SpanSeconds);
