namespace Stratum.Audit;

/// <summary>How far apart the copies of each duplicate group were written, by the load-time column:
/// the largest span, and how many of the groups were written within 1 second, 1 minute and 1 hour.</summary>
public sealed record WriteSpan(string Column, long Groups, long MaxSeconds, long Within1Second, long Within1Minute, long Within1Hour);
