namespace Stratum.Lambda.RuntimeApi;

/// <summary>
/// One invocation handed out by the Runtime API's <c>next</c>: its request id, the deadline by
/// which the function must answer (<c>Lambda-Runtime-Deadline-Ms</c>, Unix milliseconds), the
/// function's ARN, the X-Ray trace header and the event as JSON text.
/// </summary>
internal sealed record Invocation(string RequestId, DateTimeOffset Deadline, string? FunctionArn, string? TraceId, string Event);
