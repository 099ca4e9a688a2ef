namespace Stratum.Loading;

/// <summary>
/// How a worker loads. Defaults suit a laptop and a Lambda-sized worker alike.
/// </summary>
public sealed record LoaderOptions
{
    /// <summary>How long a lease lasts without renewal. A worker renews before each read and each publish.</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Files are loaded in batches of at most this many bytes (as stored)…</summary>
    public long BatchBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>…and at most this many files.</summary>
    public int BatchFiles { get; init; } = 500;

    /// <summary>
    /// Rows planned and published at a time: a batch with more is spilled to local files by key and
    /// published in chunks of at most this many rows, still as one atomic publish. Memory follows it.
    /// </summary>
    public long BatchRows { get; init; } = 100_000;

    /// <summary>Where a batch larger than <see cref="BatchRows"/> is spilled (null: the system's temporary directory).</summary>
    public string? SpillDirectory { get; init; }

    /// <summary>Attempts for a transient fault (network, lock, busy) before the run gives up; files stay pending.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>First retry delay; doubles each time, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Who this worker is, in leases and the run log.</summary>
    public string Owner { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
}
