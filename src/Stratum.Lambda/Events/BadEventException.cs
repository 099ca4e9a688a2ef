namespace Stratum.Lambda.Events;

/// <summary>An invocation's event that Stratum cannot act on; reported as <c>Stratum.BadEvent</c>, never retried into success.</summary>
internal sealed class BadEventException(string message) : Exception(message);
