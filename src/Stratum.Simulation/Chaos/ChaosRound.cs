using System.Diagnostics;
using System.Globalization;
using Stratum.Adapters;
using Stratum.Contracts;
using Stratum.Formats.Writing;
using Stratum.State;
using Stratum.Names;

namespace Stratum.Simulation.Chaos;

/// <summary>
/// One round of the campaign: a fresh stream; generated files (updates, deletes, a re-delivery
/// under another key, re-deliveries of the same bytes under the same key, a late file) landed in
/// waves; after each wave several worker processes through the fault proxies, with SIGKILLs,
/// SIGSTOPs past the lease TTL and network faults chosen from the round's seed; then fresh
/// workers without faults until nothing is pending; then the verdict (<see cref="ChaosVerdict"/>)
/// and one more load that must change nothing.
/// </summary>
public sealed class ChaosRound(ChaosSettings settings, int round, int seed, string nonce, Action<string>? log)
{
    /// <summary>The project file a worker reads (<c>stratum load --project DIR</c>).</summary>
    private const string ProjectFile = "stratum.yaml";
    private static readonly string[] Tables = ["time_entries", "time_entries", "companies", "tickets"];
    private static readonly string[] ClearedVariables =
        ["STRATUM_PROJECT", "STRATUM_OBJECTS", "STRATUM_STATE", "STRATUM_WAREHOUSE", "STRATUM_TENANTS", "STRATUM_CONTRACTS", "STRATUM_LEASE_TTL", "STRATUM_BATCH_BYTES", "STRATUM_PARALLEL"];

    private readonly Random _random = new(seed); // the round's plan: drawn only on the round's own flow, so a seed replays it
    private readonly Random _publishRandom = new(seed ^ 0x5bd1e995); // drawn when a publish is seen (proxy or WAL watcher threads)
    private readonly FaultCounter _faults = new();
    private readonly Dictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly List<ChaosWorker> _chaosWorkers = [];
    private readonly Lock _lock = new();
    private int _publishKillArmed;
    private int _stallArmed;
    private readonly List<Task> _rivalStarts = [];
    private Func<Task> _landReserve = () => Task.CompletedTask;

    public async Task<RoundResult> RunAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var dir = Path.Combine(settings.Dir, $"round-{round:D4}-{seed}");
        Directory.CreateDirectory(dir);
        var contracts = Path.Combine(settings.Dir, "contracts");
        var table = Tables[_random.Next(Tables.Length)];
        var contract = ContractLoader.LoadFolder(contracts).First(c => c.Table.Value == table);
        var tenant = $"chaos-{nonce}-r{round}";
        var stream = new StreamId(TenantId.Parse(tenant), contract.Table);

        var objectsUrl = settings.Objects ?? "file://" + Path.Combine(dir, "landing");
        var stateUrl = settings.State ?? "sqlite://" + Path.Combine(dir, "state.db");
        var warehouseUrl = settings.Warehouse ?? "duckdb://" + Path.Combine(dir, "warehouse.duckdb");
        var batchBytes = _random.Next(2) == 0 ? "1" : "64MB"; // one file per batch (many publishes), or all at once
        var batchRows = _random.Next(2) == 0 ? "100000" : "5"; // or a batch published in chunks of a few rows, spilled to local files

        await using var chProxy = ProxyFor(warehouseUrl, "clickhouse", ClickHouseTarget);
        await using var s3Proxy = ProxyFor(objectsUrl, "s3", S3Target);
        var chaosProject = WriteProject(Path.Combine(dir, "chaos"), contracts, tenant, objectsUrl.Rewrite(s3Proxy, S3Rewrite), stateUrl, warehouseUrl.Rewrite(chProxy, ClickHouseRewrite), batchBytes, batchRows);
        var calmProject = WriteProject(Path.Combine(dir, "calm"), contracts, tenant, objectsUrl, stateUrl, warehouseUrl, batchBytes, batchRows);
        if (chProxy is not null)
        {
            chProxy.OnStatement = ("REPLACE PARTITION", KillInPublish);
            chProxy.StallBefore = ("REPLACE PARTITION", () => StallSwap(chaosProject, tenant, table));
        }
        var duckWal = AdapterUrl.Parse(warehouseUrl, "warehouse").Scheme == "duckdb"
            ? AdapterUrl.Parse(warehouseUrl, "warehouse").LocalPath(dir) + ".wal" : null;

        // The files, deterministic for the seed; landed through the campaign's own (fault-free) adapter.
        var generated = new MspDataGenerator(contract, _random.Next()).Generate(settings.Records, settings.Syncs, deleteRate: 0.04);
        var bytes = new List<(string Key, byte[] Content)>();
        foreach (var f in generated)
        {
            using var buffer = new MemoryStream();
            await ParquetFileWriter.WriteAsync(buffer, contract, f.Rows, ct);
            bytes.Add((stream.Prefix + f.Name, buffer.ToArray()));
        }
        // With ClickHouse, the last file is held back for a stalled swap: it lands while the swap is
        // on hold, so the rival commits versions the stalled worker's partition lacks (without the
        // fence they would be lost). It lands with the last wave when no swap stalls.
        (string Key, byte[] Content)? reserve = null;
        if (chProxy is not null && bytes.Count > 1)
        {
            reserve = bytes[^1];
            bytes.RemoveAt(bytes.Count - 1);
        }
        var waves = Math.Max(1, Math.Min(settings.Waves, bytes.Count));
        var perWave = (bytes.Count + waves - 1) / waves;
        var landed = 0;

        await using (var objects = AdapterFactory.Objects(objectsUrl, dir))
        {
            var reserveLanded = 0;
            _landReserve = async () =>
            {
                if (reserve is { } r && Interlocked.Exchange(ref reserveLanded, 1) == 0)
                {
                    await objects.PutAsync(r.Key, new MemoryStream(r.Content), ct);
                    Interlocked.Increment(ref landed);
                }
            };
            if (objects is Stratum.Aws.Objects.S3ObjectStore s3)
            {
                await s3.EnsureBucketAsync(ct); // an emulator starts empty
            }
            await using (var state = AdapterFactory.State(stateUrl, dir, TimeProvider.System))
            {
                await state.EnsureCreatedAsync(ct);
            }
            using var walWatch = new CancellationTokenSource();
            var walTask = duckWal is null ? Task.CompletedTask : WatchWalAsync(duckWal, walWatch.Token);
            var faultTasks = new List<Task>();
            try
            {
                for (var w = 0; w < waves; w++)
                {
                    var wave = bytes.Skip(w * perWave).Take(perWave).ToList();
                    if (w > 0 && _random.NextDouble() < 0.7)
                    {
                        // the same bytes again under the same key (an at-least-once delivery)
                        var again = bytes[_random.Next(w * perWave)];
                        wave.Insert(_random.Next(wave.Count + 1), again);
                        _faults.Add("redelivery-same-key");
                    }
                    foreach (var (key, content) in wave)
                    {
                        await objects.PutAsync(key, new MemoryStream(content), ct);
                        landed++;
                    }
                    if (_random.NextDouble() < 0.5)
                    {
                        Interlocked.Exchange(ref _publishKillArmed, 1);
                    }
                    else if (_random.NextDouble() < 0.6)
                    {
                        Interlocked.Exchange(ref _stallArmed, 1);
                    }
                    for (var i = 0; i < settings.Workers; i++)
                    {
                        var worker = StartWorker(chaosProject, tenant, table, $"w{w}.{i}");
                        lock (_lock)
                        {
                            _chaosWorkers.Add(worker);
                        }
                        faultTasks.Add(ScheduleFaultAsync(worker, ct));
                    }
                    await Task.Delay(300 + _random.Next(1700), ct);
                }
                await Task.WhenAll(faultTasks);
                Task[] rivals;
                lock (_lock)
                {
                    rivals = [.. _rivalStarts];
                }
                await Task.WhenAll(rivals); // a rival started for a stalled swap is waited for like every chaos worker
                await _landReserve();
            }
            finally
            {
                foreach (var worker in Snapshot())
                {
                    worker.Continue(); // SIGCONT always happens
                }
            }
            var deadline = Stopwatch.StartNew();
            foreach (var worker in Snapshot())
            {
                var left = settings.PhaseTimeout - deadline.Elapsed;
                Count("chaos:" + await worker.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), ct));
                worker.Dispose();
            }
            await walWatch.CancelAsync();
            await walTask;
        }

        // Survivors are done; fresh workers without faults until nothing is pending.
        if (chProxy is not null)
        {
            chProxy.Enabled = false;
        }
        if (s3Proxy is not null)
        {
            s3Proxy.Enabled = false;
        }
        var drained = await DrainAsync(calmProject, tenant, table, ct);

        var verdict = await ChaosVerdict.CheckAsync(contract, stream, objectsUrl, warehouseUrl, dir, ct);

        // Idempotence: one more load must find nothing to do and leave the table as it is.
        string rerun;
        using (var again = StartWorker(calmProject, tenant, table, "rerun"))
        {
            rerun = await again.WaitAsync(settings.PhaseTimeout, ct);
        }
        var after = await ChaosVerdict.FingerprintAsync(contract, stream, warehouseUrl, dir, ct);
        var rerunUnchanged = rerun == LoadOutcome.NothingPending.Text() && after.SequenceEqual(verdict.Fingerprint, StringComparer.Ordinal);

        return new RoundResult(round, seed, tenant, table, bytes.Count, landed, verdict.Expected, verdict.Actual,
            verdict.Lost, verdict.Unexpected, verdict.Duplicates, verdict.Violations, drained, rerun, rerunUnchanged,
            _faults.Snapshot(), new SortedDictionary<string, int>(_outcomes, StringComparer.Ordinal),
            verdict.MissingSample, verdict.ExtraSample, verdict.ViolationSample, sw.Elapsed.TotalSeconds, dir);
    }

    private ChaosWorker[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _chaosWorkers];
        }
    }

    private void Count(string outcome)
    {
        lock (_lock)
        {
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
        }
    }

    /// <summary>One fault per worker, maybe: SIGKILL at a random moment, or SIGSTOP for longer than the lease TTL and SIGCONT.</summary>
    private async Task ScheduleFaultAsync(ChaosWorker worker, CancellationToken ct)
    {
        double roll;
        int at, hold;
        lock (_lock)
        {
            roll = _random.NextDouble();
            at = 100 + _random.Next(3400);
            hold = (int)settings.LeaseTtl.TotalMilliseconds + 500 + _random.Next(2000);
        }
        if (roll >= 0.55)
        {
            return;
        }
        await Task.Delay(at, ct);
        if (roll < 0.3)
        {
            if (worker.Kill())
            {
                _faults.Add("sigkill");
            }
            return;
        }
        if (!worker.Stop())
        {
            return;
        }
        _faults.Add("sigstop");
        try
        {
            await Task.Delay(hold, ct);
        }
        finally
        {
            worker.Continue();
        }
    }

    /// <summary>
    /// The stale writer, on the wire (ClickHouse, once per armed wave): the swap of a worker that
    /// has confirmed its lease is held past the lease TTL while a rival worker starts, takes the
    /// expired lease, publishes and records; then the held swap reaches the server. Without the
    /// fence it would replace the rival's partition with an older one (issue 10).
    /// </summary>
    private TimeSpan? StallSwap(string project, string tenant, string table)
    {
        if (Interlocked.Exchange(ref _stallArmed, 0) == 0)
        {
            return null;
        }
        int extra;
        lock (_lock)
        {
            extra = _publishRandom.Next(0, 2000);
        }
        var hold = settings.LeaseTtl + TimeSpan.FromMilliseconds(extra + 10_000); // time for the rival to start, load and swap first
        var start = Task.Run(async () =>
        {
            await _landReserve(); // a newer file, landed while the swap is on hold
            await Task.Delay(settings.LeaseTtl + TimeSpan.FromMilliseconds(300));
            var rival = StartWorker(project, tenant, table, "stall-rival");
            lock (_lock)
            {
                _chaosWorkers.Add(rival);
            }
        });
        lock (_lock)
        {
            _rivalStarts.Add(start);
        }
        return hold;
    }

    /// <summary>A publish is on the wire (ClickHouse: the REPLACE PARTITION passed the proxy; DuckDB: the write-ahead log exists): SIGKILL the running workers, once per armed wave.</summary>
    private void KillInPublish()
    {
        if (Interlocked.Exchange(ref _publishKillArmed, 0) == 0)
        {
            return;
        }
        int delay;
        lock (_lock)
        {
            delay = _publishRandom.Next(120);
        }
        _ = Task.Run(async () =>
        {
            await Task.Delay(delay);
            var killed = Snapshot().Count(w => !w.Stopped && w.Kill());
            if (killed > 0)
            {
                _faults.Add("kill-in-publish");
            }
        });
    }

    private async Task WatchWalAsync(string wal, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (Volatile.Read(ref _publishKillArmed) == 1 && File.Exists(wal))
            {
                KillInPublish();
            }
            try
            {
                await Task.Delay(5, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> DrainAsync(string project, string tenant, string table, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 40 && deadline.Elapsed < settings.PhaseTimeout; attempt++)
        {
            using var worker = StartWorker(project, tenant, table, $"drain{attempt}");
            var left = settings.PhaseTimeout - deadline.Elapsed;
            var outcome = await worker.WaitAsync(left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), ct);
            Count("drain:" + outcome);
            if (outcome == LoadOutcome.NothingPending.Text())
            {
                return true;
            }
            if (outcome != LoadOutcome.Loaded.Text())
            {
                var error = await worker.ErrorAsync();
                if (error is not null && outcome != LoadOutcome.SkippedLeaseHeld.Text())
                {
                    log?.Invoke($"  round {round}: drain worker {outcome}: {error}");
                }
                await Task.Delay(settings.LeaseTtl / 2, ct); // an expired lease of a killed worker frees itself
            }
        }
        return false;
    }

    private ChaosWorker StartWorker(string project, string tenant, string table, string name)
    {
        var psi = settings.NewProcess(["load", "--tenant", tenant, "--table", table, "--project", project, "--json"]);
        foreach (var v in ClearedVariables)
        {
            psi.Environment.Remove(v);
        }
        return ChaosWorker.Start(psi, name);
    }

    private string WriteProject(string folder, string contracts, string tenant, string objects, string state, string warehouse, string batchBytes, string batchRows)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ProjectFile), $"""
            # Written by `stratum simulate --chaos` (round {round}, seed {seed})
            objects: {objects}
            state: {state}
            warehouse: {warehouse}
            tenants: {tenant}
            contracts: {contracts}
            load:
              lease_ttl: {settings.LeaseTtl.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s
              batch_bytes: {batchBytes}
              batch_rows: {batchRows}

            """);
        return folder;
    }

    private FaultProxy? ProxyFor(string url, string name, Func<string, (string Host, int Port)?> target)
    {
        if (target(url) is not { } t)
        {
            return null;
        }
        return new FaultProxy(name, t.Host, t.Port, _random.Next(), settings.NetworkFaultRate, _faults);
    }

    /// <summary>Plain-HTTP ClickHouse is proxied; TLS (clickhouses://, https://, ?secure=true) is left alone.</summary>
    private static (string Host, int Port)? ClickHouseTarget(string url)
    {
        var u = AdapterUrl.Parse(url, "warehouse");
        if (u.Scheme is not ("clickhouse" or "http") || u.Query.TryGetValue("secure", out var s) && s is "true" or "1"
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }
        return (uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 8123 : uri.Port);
    }

    private static string ClickHouseRewrite(string url, int port)
    {
        var uri = new Uri(url);
        var user = uri.UserInfo.Length > 0 ? uri.UserInfo + "@" : "";
        return $"{uri.Scheme}://{user}127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{uri.PathAndQuery}";
    }

    /// <summary>An S3 store with an explicit http endpoint (s3rver, MinIO, LocalStack) is proxied.</summary>
    private static (string Host, int Port)? S3Target(string url)
    {
        var u = AdapterUrl.Parse(url, "objects");
        if (u.Scheme != "s3" || !u.Query.TryGetValue("endpoint", out var e) || !Uri.TryCreate(e, UriKind.Absolute, out var endpoint) || endpoint.Scheme != "http")
        {
            return null;
        }
        return (endpoint.Host, endpoint.Port);
    }

    private static string S3Rewrite(string url, int port)
    {
        var u = AdapterUrl.Parse(url, "objects");
        var query = u.Query.Select(q => q.Key == "endpoint"
            ? $"endpoint=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"
            : $"{q.Key}={Uri.EscapeDataString(q.Value)}");
        return $"s3://{u.Rest}?{string.Join("&", query)}";
    }
}

internal static class ProxyRewriting
{
    /// <summary>The URL the worker processes get: through the proxy when there is one.</summary>
    public static string Rewrite(this string url, FaultProxy? proxy, Func<string, int, string> rewrite)
        => proxy is null ? url : rewrite(url, proxy.Port);
}

/// <summary>The verdict of one round.</summary>
public sealed record RoundResult(
    int Round,
    int Seed,
    string Tenant,
    string Table,
    int Files,
    int FilesLanded,
    int ExpectedVersions,
    int RowsInTable,
    int Lost,
    int Unexpected,
    int Duplicates,
    int Violations,
    bool Drained,
    string RerunOutcome,
    bool RerunUnchanged,
    IReadOnlyDictionary<string, int> Faults,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Extra,
    IReadOnlyList<string> SampleViolations,
    double Seconds,
    string Folder)
{
    public bool Passed => Lost == 0 && Unexpected == 0 && Duplicates == 0 && Violations == 0 && Drained && RerunUnchanged;
}
