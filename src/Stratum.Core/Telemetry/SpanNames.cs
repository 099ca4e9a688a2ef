namespace Stratum.Telemetry;

/// <summary>The names of Stratum's spans (activities); each carries the tenant and table tags.</summary>
public static class SpanNames
{
    public const string Load = "stratum.load";
    public const string Publish = "stratum.publish";
    public const string LeaseAcquire = "stratum.lease.acquire";
    public const string LeaseRenew = "stratum.lease.renew";
    public const string LeaseRelease = "stratum.lease.release";
    public const string LedgerRecord = "stratum.ledger.record";
}
