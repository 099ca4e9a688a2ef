using Stratum.Contracts;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Loading;

/// <summary>Loads many streams with bounded parallelism; one stream's failure never stops the others.</summary>
public static class LoadRunner
{
    public static async Task<IReadOnlyList<RunRecord>> RunAsync(
        Func<StreamLoader> newLoader,
        IReadOnlyList<(StreamId Stream, TableContract Contract)> streams,
        int parallel,
        CancellationToken cancellationToken)
    {
        var results = new RunRecord[streams.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, streams.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await newLoader().LoadAsync(streams[i].Stream, streams[i].Contract, ct));
        return results;
    }
}
