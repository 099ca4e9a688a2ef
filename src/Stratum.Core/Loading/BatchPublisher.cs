using Stratum.Contracts;
using Stratum.Invariants;
using Stratum.Planning;
using Stratum.State;
using Stratum.Telemetry;
using Stratum.Warehouse;

namespace Stratum.Loading;

/// <summary>
/// Publishes a batch's rows as one fenced publication: per chunk, the affected keys' history read,
/// planned, checked against the invariants and added; then committed whole. The warehouse refuses
/// the commit, whenever it runs, once a newer lease has published the stream.
/// </summary>
internal static class BatchPublisher
{
    /// <summary>What a batch's publish planned: its counts and ties, over every chunk.</summary>
    public sealed record Published(PlanCounts Counts, IReadOnlyList<TieConflict> Conflicts);

    /// <summary>
    /// Publishes <paramref name="rows"/> under <paramref name="lease"/>; null when the lease was lost
    /// before publishing (nothing was). Throws <see cref="StalePublishException"/> when it is lost
    /// or overtaken during the publish (nothing of it was published either). <paramref name="history"/>
    /// is a snapshot's whole tenant, read already; otherwise each chunk reads its keys' history.
    /// </summary>
    public static async Task<Published?> PublishAsync(LoadRun run, TableContract contract, BatchRows rows, IReadOnlyList<VersionRow>? history, Lease lease, CancellationToken ct)
    {
        // Fencing: a worker that lost its lease must not publish.
        if (await run.RenewAsync(lease, ct) is null)
        {
            return null;
        }
        var fence = new PublishFence(run.Stream, lease.Token, async token => (run.Lease = await run.State.RenewLeaseAsync(lease, run.Options.LeaseTtl, token)) is not null);
        var counts = new PlanCounts();
        var conflicts = new List<TieConflict>();
        using (StratumTelemetry.Start(SpanNames.Publish, run.Stream))
        {
            var started = run.Clock.GetTimestamp();
            var planned = await run.RetryAsync(token => PublishChunksAsync(run, contract, rows, history, fence, token), ct);
            foreach (var (chunkCounts, chunkConflicts) in planned)
            {
                run.Tally.Add(chunkCounts, chunkConflicts);
                counts += chunkCounts;
                conflicts.AddRange(chunkConflicts);
            }
            StratumTelemetry.PublishDuration.Record(run.Clock.GetElapsedTime(started).TotalSeconds, StratumTelemetry.Tags(run.Stream));
        }
        return new Published(counts, conflicts);
    }

    /// <summary>
    /// One attempt at the batch's publish: each chunk's keys' history read, planned, checked and
    /// added to one publication, which is then committed whole. Returns each chunk's counts and
    /// ties (its rows are not kept: memory stays one chunk's and the next one's). Between chunks
    /// the lease is renewed; a lost one ends the attempt with nothing published. While a chunk is
    /// added (sent to the warehouse and written there) the next one is read from the spill files.
    /// </summary>
    private static async Task<List<(PlanCounts Counts, IReadOnlyList<TieConflict> Conflicts)>> PublishChunksAsync(LoadRun run, TableContract contract, BatchRows rows,
        IReadOnlyList<VersionRow>? history, PublishFence fence, CancellationToken ct)
    {
        var planner = new ScdPlanner(contract);
        var planned = new List<(PlanCounts, IReadOnlyList<TieConflict>)>();
        await using var publication = await run.Warehouse.BeginPublishAsync(contract, run.Stream.Tenant, fence, ct);
        using var chunks = rows.Chunks().GetEnumerator();
        Task<List<IncomingRow>?> ReadAhead() => Task.Run(() => chunks.MoveNext() ? chunks.Current : null, CancellationToken.None);
        var next = ReadAhead();
        long sent = 0;
        try
        {
            while (await next is { } chunk)
            {
                sent += chunk.Count;
                if (planned.Count > 0 && !await fence.ConfirmAsync(ct))
                {
                    throw new StalePublishException(run.Stream, fence.Token, "was lost between two chunks of the batch; nothing of it was published");
                }
                var chunkHistory = history ?? await publication.ReadHistoryAsync([.. chunk.Select(r => r.Key).Distinct()], ct);
                var plan = planner.Plan(chunkHistory, chunk, run.LoadId);
                Verify(contract, plan);
                List<KeyPlan> changed = [.. plan.ChangedKeys];
                planned.Add((plan.Counts, plan.Conflicts));
                next = ReadAhead(); // none after a batch held in memory: it is one chunk
                await publication.AddAsync(changed, ct);
                if (rows.Spilled)
                {
                    // The chunk's rows are garbage now (a list read back for this attempt, unlike the
                    // rows held in memory, which a retry plans again); collected before the next chunk
                    // is planned, the heap stays about two chunks' size instead of growing with the batch.
                    chunk.Clear();
                    changed.Clear();
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    run.Report(new LoadProgress(run.Stream, 0, 0, sent, "publishing", rows.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        }
        finally
        {
            // The spill files are read by one thread at a time, and are deleted only once it is done.
            await next.ContinueWith(static _ => { }, TaskScheduler.Default);
        }
        await publication.CommitAsync(ct);
        return planned;
    }

    private static void Verify(TableContract contract, LoadPlan plan)
    {
        if (!plan.Counts.Reconciles)
        {
            throw new StratumException($"internal error: plan counts do not reconcile ({plan.Counts}); nothing was published");
        }
        var options = new InvariantOptions(GapsAllowed: contract.HasDeletes);
        var violations = new List<Violation>();
        foreach (var key in plan.ChangedKeys)
        {
            InvariantChecker.CheckKey(key.Key, key.Rows, options, violations);
        }
        if (violations.Count > 0)
        {
            throw new StratumException($"internal error: the plan breaks the history invariants; nothing was published. First: {violations[0]}");
        }
    }
}
