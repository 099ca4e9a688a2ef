using System.Diagnostics;
using Stratum.Contracts;
using Stratum.Formats;
using Stratum.Formats.Writing;
using Stratum.Hashing;
using Stratum.Invariants;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.State;
using Stratum.Warehouse;

namespace Stratum.Simulation;

/// <summary>
/// Replays the incident: generated files land in waves; after each wave N workers (threads, or
/// separate OS processes) load the same stream at the same moment. Then the table is checked
/// against the invariants and against the planner applied to every file at once: it must hold
/// each version once (zero duplicates, zero violations, zero lost versions).
/// </summary>
public sealed class Simulator
{
    public required StreamId Stream { get; init; }
    public required TableContract Contract { get; init; }
    public required IObjectStore Objects { get; init; }
    public required IWarehouse Warehouse { get; init; }

    /// <summary>Creates one worker's own adapters (its own state store handle and warehouse connection).</summary>
    public required Func<CancellationToken, Task<(IStateStore State, IWarehouse Warehouse)>> NewWorker { get; init; }

    /// <summary>Starts one worker process running <c>stratum load</c>; null when workers are threads.</summary>
    public Func<ProcessStartInfo>? NewProcess { get; init; }

    public int Workers { get; init; } = 44;
    public int Waves { get; init; } = 3;

    /// <summary>After the last wave, start every worker once more over files already loaded: nothing may change.</summary>
    public bool Rerun { get; init; } = true;
    public int Records { get; init; } = 1000;
    public int Syncs { get; init; } = 12;
    public int Seed { get; init; } = 42;
    public LoaderOptions LoaderOptions { get; init; } = new();
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public Action<string>? Log { get; init; }

    public async Task<SimulationResult> RunAsync(CancellationToken ct)
    {
        var files = new MspDataGenerator(Contract, Seed).Generate(Records, Syncs);
        var sw = Stopwatch.StartNew();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var waveSize = (files.Count + Waves - 1) / Waves;
        for (var w = 0; w < Waves + (Rerun ? 1 : 0); w++)
        {
            var wave = files.Skip(w * waveSize).Take(waveSize).ToList(); // the rerun wave lands nothing
            foreach (var f in wave)
            {
                using var buffer = new MemoryStream();
                await ParquetFileWriter.WriteAsync(buffer, Contract, f.Rows, ct);
                buffer.Position = 0;
                await Objects.PutAsync(Stream.Prefix + f.Name, buffer, ct);
            }
            Log?.Invoke(w < Waves
                ? $"wave {w + 1}/{Waves}: landed {wave.Count} file(s), starting {Workers} {(NewProcess is null ? "threads" : "processes")} at once"
                : $"rerun: starting {Workers} {(NewProcess is null ? "threads" : "processes")} again over files already loaded");
            var results = NewProcess is null ? await ThreadWaveAsync(ct) : await ProcessWaveAsync(ct);
            foreach (var o in results)
            {
                outcomes[o] = outcomes.GetValueOrDefault(o) + 1;
            }
        }
        var elapsed = sw.Elapsed;
        return await VerifyAsync(files, outcomes, elapsed, ct);
    }

    private async Task<List<string>> ThreadWaveAsync(CancellationToken ct)
    {
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, Workers).Select(i => Task.Run(async () =>
        {
            var (state, warehouse) = await NewWorker(ct);
            await using (state)
            {
                await using (warehouse)
                {
                    var loader = new StreamLoader(Objects, state, warehouse, FileReaders.All,
                        LoaderOptions with { Owner = $"sim-worker-{i}" }, Clock);
                    await start.WaitAsync(ct);
                    var run = await loader.LoadAsync(Stream, Contract, ct);
                    return run.Error is null ? run.Outcome.Text() : $"{run.Outcome.Text()}: {run.Error}";
                }
            }
        }, ct)).ToList();
        start.Release(Workers); // all at once, like 44 Lambdas started by one schedule
        return [.. await Task.WhenAll(tasks)];
    }

    private async Task<List<string>> ProcessWaveAsync(CancellationToken ct)
    {
        var processes = Enumerable.Range(0, Workers).Select(_ => Process.Start(NewProcess!())!).ToList();
        var outcomes = new List<string>();
        foreach (var p in processes)
        {
            var stdout = p.StandardOutput.ReadToEndAsync(ct);
            var stderr = p.StandardError.ReadToEndAsync(ct);
            await p.WaitForExitAsync(ct);
            var text = await stdout;
            _ = await stderr;
            outcomes.Add(p.ExitCode == 0 ? ParseOutcome(text) : $"exit {p.ExitCode}: {(await stderr).Trim()}");
            p.Dispose();
        }
        return outcomes;
    }

    private static string ParseOutcome(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return doc.RootElement[0].GetProperty("outcome").GetString() ?? "?";
    }

    private async Task<SimulationResult> VerifyAsync(IReadOnlyList<MspDataGenerator.GeneratedFile> files, Dictionary<string, int> outcomes, TimeSpan elapsed, CancellationToken ct)
    {
        // What a single careful loader must produce: the planner over every file at once.
        var hasher = new RowHasher(Contract);
        var incoming = files.SelectMany(f => f.Rows.Select(r =>
            new IncomingRow(RowKey.FromRow(Contract, r), EventTime(r), hasher.Hash(r), false, r, Stream.Prefix + f.Name))).ToList();
        var expected = new ScdPlanner(Contract).Plan([], incoming, "expected").AllRows.ToList();
        var actual = await Warehouse.ReadAllAsync(Contract, Stream.Tenant, ct);

        var violations = InvariantChecker.Check(actual, new InvariantOptions(GapsAllowed: Contract.HasDeletes));
        var exactDuplicateRows = actual.GroupBy(Fingerprint).Sum(g => g.Count() - 1);
        var expectedSet = expected.Select(Business).ToList();
        var actualSet = actual.Select(Business).ToList();
        var lost = Minus(expectedSet, actualSet);
        var extra = Minus(actualSet, expectedSet);
        return new SimulationResult(
            Stream.Key, Workers, NewProcess is null ? "threads" : "processes", Waves, files.Count, incoming.Count,
            actual.Count, actual.Count(r => r.IsCurrent), expected.Count, exactDuplicateRows,
            violations.Count(v => v.Kind != ViolationKind.ExactDuplicate), lost, extra,
            outcomes, elapsed.TotalSeconds, [.. violations.Take(5).Select(v => v.ToString())]);
    }

    private DateTime EventTime(object?[] row) => row[Contract.EventTimeOrdinal] switch
    {
        DateTime t => t,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        _ => throw new InvalidOperationException("simulated rows always carry their event time"),
    };

    private static int Minus(List<string> a, List<string> b)
    {
        var counts = b.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missing = 0;
        foreach (var x in a)
        {
            if (counts.TryGetValue(x, out var n) && n > 0)
            {
                counts[x] = n - 1;
            }
            else
            {
                missing++;
            }
        }
        return missing;
    }

    /// <summary>Every column, lineage included: two rows with the same fingerprint are exact duplicates.</summary>
    private static string Fingerprint(VersionRow r) => $"{Business(r)}|{r.SourceFile}|{r.LoadId}";

    /// <summary>What convergence promises: values and SCD columns (lineage depends on which worker read a file first).</summary>
    internal static string Business(VersionRow r)
        => $"{r.Key.Text}|{r.EffectiveDate:O}|{r.ExpirationDate:O}|{r.IsCurrent}|{r.Hash}|{r.RecordVersion}|{r.Hidden}|"
           + Stratum.Planning.CompositeKey.Encode(r.Values.Select(v => v switch
           {
               null => "∅",
               DateTime t => t.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
               IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
               _ => v.ToString(),
           }));
}
