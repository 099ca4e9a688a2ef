using Stratum.Monitoring;

namespace Stratum.Hosting.Serve;

/// <summary>
/// What the service knows now, shared by the scheduler (writer) and the HTTP endpoints (readers):
/// the last probe of every stream, the last cycle, the next start, the last error. Each value is
/// replaced whole, never changed in place.
/// </summary>
public sealed class StatusBoard
{
    private volatile HealthReport? _report;
    private volatile CycleInfo? _cycle;
    private volatile string? _error;
    private long _nextRunTicks;

    public HealthReport? Report => _report;
    public CycleInfo? LastCycle => _cycle;
    public string? LastError => _error;

    public DateTimeOffset? NextRun
    {
        get
        {
            var t = Interlocked.Read(ref _nextRunTicks);
            return t == 0 ? null : new DateTimeOffset(t, TimeSpan.Zero);
        }
        set => Interlocked.Exchange(ref _nextRunTicks, value?.UtcTicks ?? 0);
    }

    /// <summary>Set when a cycle ends; the error is cleared by a cycle that succeeds.</summary>
    public void Completed(CycleInfo cycle, HealthReport? report, string? error)
    {
        _cycle = cycle;
        if (report is not null)
        {
            _report = report;
        }
        _error = error;
    }
}
