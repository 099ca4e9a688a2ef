using Stratum.Names;

namespace Stratum.Loading;

/// <summary>Where a load is: files done of those pending, rows read so far; <paramref name="Detail"/> says what a "waiting" stage waits for.</summary>
public sealed record LoadProgress(StreamId Stream, int FilesDone, int FilesPending, long RowsRead, string Stage, string? Detail = null);
