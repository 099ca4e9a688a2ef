namespace Stratum.Audit;

/// <summary>
/// Groups of rows identical in every identity column, counted by tenant, <c>is_current</c> and
/// group size (size 1: rows without a copy). With a load-time column, how far apart the copies
/// of those groups were written: the largest span and how many groups were written within 1 s,
/// 60 s and 1 h.
/// </summary>
public sealed record DuplicateGroupStat(string Tenant, bool IsCurrent, long Size, long Groups, long MaxSpanSeconds = 0, long Within1s = 0, long Within60s = 0, long Within1h = 0)
{
    public long Rows => Size * Groups;

    public long ExtraRows => (Size - 1) * Groups;
}
