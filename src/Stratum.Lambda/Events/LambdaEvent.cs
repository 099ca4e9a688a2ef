namespace Stratum.Lambda.Events;

/// <summary>
/// What an invocation asks for, one of three shapes (<see cref="EventParser"/> reads them):
/// an EventBridge schedule (every enabled tenant × table), one tenant and optionally one table
/// (a fan-out: one invocation per tenant), or an S3 notification (the streams of the created keys).
/// </summary>
internal abstract record LambdaEvent
{
    private LambdaEvent()
    {
    }

    /// <summary>An EventBridge scheduled event (<c>"detail-type": "Scheduled Event"</c>): one pass over every stream.</summary>
    public sealed record Scheduled : LambdaEvent;

    /// <summary><c>{"tenant": "acme", "table": "time_entries"}</c>, the table optional: that tenant's streams.</summary>
    public sealed record OneTenant(string Tenant, string? Table) : LambdaEvent;

    /// <summary>An S3 event notification's <c>ObjectCreated:*</c> records: the keys, decoded.</summary>
    public sealed record ObjectsCreated(IReadOnlyList<string> Keys) : LambdaEvent;
}
