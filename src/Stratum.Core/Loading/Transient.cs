namespace Stratum.Loading;

/// <summary>
/// The one retry policy (issue 10: adapters classify faults, only the loader retries). Transient
/// faults (a <see cref="StratumException"/> that says so, I/O errors, timeouts, HTTP failures) are
/// retried with exponential backoff and jitter, at most <see cref="LoaderOptions.MaxAttempts"/>
/// times; a <see cref="ResourceBusyException"/> (a DuckDB file or a SQLite store held by another
/// process) is waited for with short delays for as long as the deadline allows, and announced once.
/// Nothing is retried past the deadline — under a lease, the lease's expiry less a margin — so a
/// worker never keeps working on a stream it may no longer hold. Everything else (bad data, schema
/// mismatch, a refused stale publish, bugs) fails at once.
/// </summary>
public sealed class Transient(LoaderOptions options, TimeProvider clock)
{
    private static readonly TimeSpan BusyFirstDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan BusyMaxDelay = TimeSpan.FromSeconds(1);

    public static bool Is(Exception e) => e switch
    {
        OperationCanceledException => false,
        StratumException s => s.IsTransient,
        FileNotFoundException or DirectoryNotFoundException => false,
        IOException or TimeoutException or HttpRequestException => true,
        _ => false,
    };

    /// <summary>
    /// Runs <paramref name="operation"/>, retrying as the policy says until <paramref name="deadline"/>
    /// (read before each retry: a renewed lease moves it). <paramref name="waiting"/> is told once
    /// when the operation starts waiting for a busy resource.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, Func<DateTimeOffset> deadline, Action<ResourceBusyException>? waiting, CancellationToken cancellationToken)
    {
        var failures = 0;
        var busyWaits = 0;
        var started = clock.GetTimestamp();
        while (true)
        {
            try
            {
                return await operation(cancellationToken);
            }
            catch (Exception e) when (Is(e))
            {
                TimeSpan delay;
                if (e is ResourceBusyException busy)
                {
                    if (busyWaits++ == 0)
                    {
                        waiting?.Invoke(busy);
                    }
                    delay = Backoff(BusyFirstDelay, BusyMaxDelay, busyWaits - 1);
                    if (clock.GetUtcNow() + delay >= deadline())
                    {
                        throw new StratumException($"{busy.Message}; gave up waiting after {clock.GetElapsedTime(started).TotalSeconds:0.#} s, before the lease's time ran out", isTransient: true, busy);
                    }
                }
                else
                {
                    if (++failures >= options.MaxAttempts)
                    {
                        throw;
                    }
                    delay = Backoff(options.RetryDelay, options.MaxRetryDelay, failures - 1);
                    if (clock.GetUtcNow() + delay >= deadline())
                    {
                        throw;
                    }
                }
                await Task.Delay(delay, clock, cancellationToken);
            }
        }
    }

    /// <summary>first × 2^n, at most max, then a random 50–100 % of it (jitter spreads workers apart).</summary>
    private static TimeSpan Backoff(TimeSpan first, TimeSpan max, int n)
    {
        var ticks = Math.Min(max.Ticks, first.Ticks * (1L << Math.Min(n, 30)));
        return TimeSpan.FromTicks((long)(ticks * (0.5 + (Random.Shared.NextDouble() / 2))));
    }
}
