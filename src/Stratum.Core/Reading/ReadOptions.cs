namespace Stratum.Reading;

/// <summary>
/// How values are normalised while reading. <see cref="TimestampResolution"/>: timestamps are
/// truncated to it (the warehouse's precision), so hashes of what is read equal hashes of what
/// is stored.
/// </summary>
public sealed record ReadOptions(TimeSpan TimestampResolution)
{
    public static ReadOptions Default { get; } = new(TimeSpan.FromTicks(10));
}
