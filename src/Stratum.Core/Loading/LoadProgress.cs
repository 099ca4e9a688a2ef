using Stratum.Names;

namespace Stratum.Loading;

/// <summary>
/// Where a load is: files done of those pending, rows read so far; <paramref name="Detail"/> says what a
/// "waiting" stage waits for. A batch published in chunks reports "publishing": <paramref name="RowsRead"/>
/// of its rows (<paramref name="Detail"/>) planned and sent so far.
/// </summary>
public sealed record LoadProgress(StreamId Stream, int FilesDone, int FilesPending, long RowsRead, string Stage, string? Detail = null);
