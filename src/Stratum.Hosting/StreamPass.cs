using Stratum.Contracts;
using Stratum.Hosting.Checks;
using Stratum.Loading;
using Stratum.Monitoring;
using Stratum.Names;
using Stratum.Objects;
using Stratum.State;
using Stratum.Tenants;

namespace Stratum.Hosting;

/// <summary>
/// One pass over a deployment's streams — which streams, load them, probe them, check them — as
/// <c>stratum run</c>, <c>stratum check</c> and <c>stratum serve</c> do it (serve does all three each
/// cycle). The one place a <see cref="StreamLoader"/> is built for a deployment.
/// </summary>
public sealed class StreamPass(IDeployment deployment)
{
    /// <summary>Every stream: the given tenants (all enabled ones when null) × the given contracts (all when null).</summary>
    public async Task<IReadOnlyList<(StreamId Stream, TableContract Contract)>> StreamsAsync(
        IReadOnlyList<TenantId>? tenants, IReadOnlyList<TableContract>? tables, CancellationToken cancellationToken)
    {
        var ids = tenants ?? await deployment.Tenants.ListEnabledAsync(cancellationToken);
        var contracts = tables ?? deployment.Contracts;
        return [.. from t in ids from c in contracts select (new StreamId(t, c.Table), c)];
    }

    /// <summary>
    /// The streams of <see cref="StreamsAsync"/> and what landed that will never be loaded
    /// (<see cref="LandingSurvey"/>). The root is surveyed only for a whole pass (no tenants, no
    /// tables given): a walk of the folders, never of the files (<see cref="LandingSurveyor"/>).
    /// Unreadable files inside a stream's folder are found by the stream's own listing, not here.
    /// </summary>
    public async Task<StreamSet> SurveyAsync(IReadOnlyList<TenantId>? tenants, IReadOnlyList<TableContract>? tables, CancellationToken cancellationToken)
    {
        if (tenants is not null || tables is not null)
        {
            return new StreamSet(await StreamsAsync(tenants, tables, cancellationToken), []);
        }
        var ids = await deployment.Tenants.ListEnabledAsync(cancellationToken);
        var streams = await StreamsAsync(ids, null, cancellationToken);
        IReadOnlySet<TenantId>? enabled = deployment.Tenants is FolderTenantRegistry ? null : ids.ToHashSet();
        var survey = await new LandingSurveyor(deployment.Objects)
            .SurveyAsync(enabled, deployment.Contracts.Select(c => c.Table).ToHashSet(), deployment.Tenants.Describe, cancellationToken);
        return new StreamSet(streams, survey.Unloadable);
    }

    /// <summary>A loader over the deployment's adapters and options.</summary>
    /// <param name="state">The deployment's state store, opened.</param>
    /// <param name="progress">Called as files are read and batches published.</param>
    /// <param name="stopRequested">A graceful stop: the loader finishes its current batch, then returns <c>stopped</c>.</param>
    public StreamLoader NewLoader(IStateStore state, Action<LoadProgress>? progress = null, CancellationToken stopRequested = default)
        => new(deployment.Objects, state, deployment.Warehouse, deployment.Readers, deployment.LoaderOptions, deployment.Clock)
        {
            Progress = progress,
            StopRequested = stopRequested,
        };

    /// <summary>
    /// Loads every stream, at most <paramref name="parallel"/> at once; one stream's failure never
    /// stops the others (it is its run record's outcome). Records come back in the streams' order.
    /// </summary>
    public async Task<IReadOnlyList<RunRecord>> LoadAsync(
        IReadOnlyList<(StreamId Stream, TableContract Contract)> streams, int parallel,
        Action<LoadProgress>? progress, CancellationToken stopRequested, CancellationToken cancellationToken)
    {
        var state = await deployment.StateAsync(cancellationToken);
        var results = new RunRecord[streams.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, streams.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await NewLoader(state, progress, stopRequested).LoadAsync(streams[i].Stream, streams[i].Contract, ct));
        return results;
    }

    /// <summary>Measures every stream (freshness, counts in the warehouse, the run log over the policy's success window) and checks the measures against the policy.</summary>
    public async Task<CheckedStreams> CheckAsync(StreamSet set, CheckPolicy policy, CancellationToken cancellationToken)
    {
        var probe = new StreamProbe(deployment.Objects, await deployment.StateAsync(cancellationToken), deployment.Warehouse, deployment.Clock)
        {
            Readers = deployment.Readers,
        };
        var report = await probe.MeasureAsync(set.Streams, policy.Defaults.SuccessWindow, cancellationToken) with { Landing = set.Unloadable };
        return new CheckedStreams(report, CheckRun.From(report, policy.ThresholdsFor, policy.Defaults));
    }
}
