using Stratum.Names;

namespace Stratum.State;

/// <summary>The run log: one record per load, for status, checks and the dashboard. Information, never a guard.</summary>
public interface IRunLog
{
    Task AppendRunAsync(RunRecord run, CancellationToken cancellationToken);

    /// <summary>Runs that finished at or after <paramref name="since"/>, newest first; of one stream or all.</summary>
    Task<IReadOnlyList<RunRecord>> GetRunsAsync(StreamId? stream, DateTimeOffset since, CancellationToken cancellationToken);
}
