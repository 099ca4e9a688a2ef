namespace Stratum.Cleanup;

/// <summary>A key as the repair addresses it: tenant and the key's text (key columns joined by U+001F).</summary>
public sealed record KeyRef(string Tenant, string Key);
