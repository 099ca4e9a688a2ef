using Polly;
using Polly.Retry;

namespace Stratum.Aws.Connection;

/// <summary>
/// Runs one AWS call with the retry policy and turns a final failure into a
/// <see cref="StratumException"/>. Backoff uses real time (not the injected clock that rules lease
/// expiry), so a test's frozen clock cannot hang a retry.
/// </summary>
internal sealed class AwsCaller
{
    private readonly ResiliencePipeline _pipeline;

    public AwsCaller(AwsRetryOptions options)
    {
        options.Validate();
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && AwsFaults.IsTransient(e)),
            });
        }
        _pipeline = builder.Build();
    }

    /// <summary>Runs <paramref name="call"/>; <paramref name="what"/> names it in errors (no secrets).</summary>
    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token => await call(token), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && AwsFaults.IsAwsFailure(e))
        {
            throw AwsFaults.Wrap(what, e);
        }
    }

    public Task RunAsync(string what, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
        => RunAsync(what, async token =>
        {
            await call(token);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Runs a conditional write: true when it was applied, false when DynamoDB refused its
    /// condition (ConditionalCheckFailedException, never retried).
    /// </summary>
    public Task<bool> ConditionalAsync(string what, Func<CancellationToken, Task> write, CancellationToken cancellationToken)
        => RunAsync(what, async token =>
        {
            try
            {
                await write(token);
                return true;
            }
            catch (Amazon.DynamoDBv2.Model.ConditionalCheckFailedException)
            {
                return false;
            }
        }, cancellationToken);
}
