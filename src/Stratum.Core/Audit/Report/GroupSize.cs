namespace Stratum.Audit;

/// <summary>How many duplicate groups have <see cref="Size"/> copies.</summary>
public sealed record GroupSize(long Size, long Groups);
