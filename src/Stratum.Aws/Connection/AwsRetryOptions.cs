namespace Stratum.Aws.Connection;

/// <summary>
/// How the adapters retry a failed AWS call: throttling, 5xx and network faults only (never a
/// 4xx such as a failed condition, access denied or a missing bucket), with exponential backoff
/// and jitter. The SDK's own retries are switched off so the two never multiply.
/// </summary>
public sealed record AwsRetryOptions
{
    /// <summary>Retries after the first attempt. Default 4 (so at most 5 attempts).</summary>
    public int MaxRetries { get; init; } = 4;

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
