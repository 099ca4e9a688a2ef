namespace Stratum.Lambda.Handling;

/// <summary>A key of an S3 event that no stream loads, and why (not under <c>{tenant}/canonical/{table}/</c>, no contract, tenant not enabled).</summary>
internal sealed record IgnoredKey(string Key, string Reason);
