namespace Stratum.Reading;

/// <summary>
/// How values are normalised and checked while reading. <see cref="TimestampResolution"/>:
/// timestamps are truncated to it (the warehouse's precision), so hashes of what is read equal
/// hashes of what is stored. <see cref="Timestamps"/> and <see cref="Dates"/>: what the warehouse
/// can store; a timestamp or date value (or an event time) outside is refused when the file is read.
/// </summary>
public sealed record ReadOptions(TimeSpan TimestampResolution, TimestampRange Timestamps, DateRange Dates)
{
    /// <summary>No range limits beyond .NET's own (0001 to 9999).</summary>
    public ReadOptions(TimeSpan timestampResolution) : this(timestampResolution, TimestampRange.All, DateRange.All) { }

    public static ReadOptions Default { get; } = new(TimeSpan.FromTicks(10));
}
