namespace Stratum.Monitoring;

/// <summary>The verdict of <see cref="HealthChecks.Unloadable"/> over the whole landing root (not one stream).</summary>
public sealed record LandingVerdict(bool Passed, string Measured, string Threshold, long Value);
