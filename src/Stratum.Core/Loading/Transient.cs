using Polly;
using Polly.Retry;

namespace Stratum.Loading;

/// <summary>
/// The one retry policy: transient faults (a <see cref="StratumException"/> that says so, I/O
/// errors, timeouts, HTTP failures) are retried with exponential backoff and jitter; everything
/// else (bad data, schema mismatch, bugs) fails at once.
/// </summary>
public static class Transient
{
    public static bool Is(Exception e) => e switch
    {
        OperationCanceledException => false,
        StratumException s => s.IsTransient,
        FileNotFoundException or DirectoryNotFoundException => false,
        IOException or TimeoutException or HttpRequestException => true,
        _ => false,
    };

    public static ResiliencePipeline Pipeline(LoaderOptions options, TimeProvider clock)
        => new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(Is),
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
            })
            .Build();
}
