namespace Stratum.Aws.Connection;

/// <summary>
/// How the adapters may retry a failed AWS call: throttling, 5xx and network faults only (never a
/// 4xx such as a failed condition, access denied or a missing bucket), with exponential backoff
/// and jitter. Off by default: the adapters classify faults (transient or not) and the loader's
/// policy is the one retry layer (docs/architecture.md), so retries never nest. The SDK's own
/// retries are switched off too.
/// </summary>
public sealed record AwsRetryOptions
{
    /// <summary>Retries after the first attempt inside the adapter. Default 0: the caller's policy retries.</summary>
    public int MaxRetries { get; init; }

    /// <summary>The delay before the first retry; it doubles after each. Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest single delay. Default 10 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        if (MaxRetries < 0 || MaxRetries > 20)
        {
            throw new StratumException($"AWS retry count {MaxRetries} is out of range 0..20");
        }
        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            throw new StratumException($"AWS retry delays are inconsistent: base {BaseDelay}, max {MaxDelay}");
        }
    }
}
