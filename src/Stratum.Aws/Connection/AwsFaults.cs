using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace Stratum.Aws.Connection;

/// <summary>
/// Which AWS failures are worth retrying (throttling, 5xx, network) and how a failure that
/// survives the retries becomes a <see cref="StratumException"/> with the right <c>IsTransient</c>.
/// </summary>
internal static class AwsFaults
{
    private static readonly HashSet<string> RetryableCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "SlowDown", "RequestThrottled", "PriorRequestNotComplete",
        "TransactionInProgressException", "InternalError", "InternalServerError", "ServiceUnavailable",
        // The SDK corrects its clock offset on this answer, so the next attempt can succeed.
        "RequestTimeTooSkewed",
    };

    public static bool IsTransient(Exception e) => e switch
    {
        AmazonServiceException s when s.ErrorCode is not null && RetryableCodes.Contains(s.ErrorCode) => true,
        AmazonServiceException s when (int)s.StatusCode >= 500 || s.StatusCode == HttpStatusCode.TooManyRequests => true,
        AmazonServiceException s when (int)s.StatusCode == 0 && s.InnerException is not null => IsTransient(s.InnerException),
        AmazonServiceException => false,
        AmazonClientException c => c.InnerException is not null && IsTransient(c.InnerException),
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        // A timeout inside the SDK or HttpClient; the caller's own cancellation is excluded by the caller.
        OperationCanceledException => true,
        _ => false,
    };

    /// <summary>Whether <paramref name="e"/> is a failure of an AWS call (as opposed to a bug).</summary>
    public static bool IsAwsFailure(Exception e)
        => e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException;

    public static StratumException Wrap(string what, Exception e)
    {
        var detail = e is AmazonServiceException s
            ? $"{s.ErrorCode ?? "error"} (HTTP {(int)s.StatusCode}): {s.Message}"
            : e.Message;
        var transient = IsTransient(e);
        var hint = transient ? " (transient)" : "";
        return new StratumException($"{what} failed: {detail}{hint}", transient, e);
    }
}
