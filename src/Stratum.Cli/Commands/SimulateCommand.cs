using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Stratum.Adapters;
using Stratum.Configuration;
using Stratum.Cli.Output;
using Stratum.Simulation;
using Stratum.Simulation.Chaos;
using Stratum.Contracts;
using Stratum.Names;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum simulate</c>: N concurrent workers over one stream, then the verdict.</summary>
public static class SimulateCommand
{
    public sealed record Options(int Workers, bool Processes, string Tenant, string Table, int Records, int Syncs, int Waves, int Seed, string? Dir);

    public static Command Build(GlobalOptions g)
    {
        var workers = new Option<int>("--workers") { Description = "Workers started at once per wave", DefaultValueFactory = _ => 44 };
        var processes = new Option<bool>("--processes") { Description = "Workers are separate OS processes (`stratum load`), not threads" };
        var tenant = new Option<string>("--tenant") { Description = "Tenant to simulate", DefaultValueFactory = _ => "sitetechnology" };
        var table = new Option<string>("--table") { Description = "Table to simulate (a contract)", DefaultValueFactory = _ => "time_entries" };
        var records = new Option<int>("--records") { Description = "Distinct records (keys) generated", DefaultValueFactory = _ => 1000 };
        var syncs = new Option<int>("--syncs") { Description = "Hourly syncs (files) generated, plus a re-delivered and a late file", DefaultValueFactory = _ => 12 };
        var waves = new Option<int>("--waves") { Description = "Files land in this many waves; all workers start after each", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same data)", DefaultValueFactory = _ => 42 };
        var dir = new Option<string?>("--dir") { Description = "Folder for the simulation's files, state and warehouse (default: a new temporary folder)" };
        var chaos = new Option<bool>("--chaos") { Description = "Instead: a fault campaign (docs/reliability.md): --rounds rounds, each a fresh stream loaded by worker processes under SIGKILL, SIGSTOP and network faults, checked against an independent reference" };
        var rounds = new Option<int>("--rounds") { Description = "--chaos: rounds to run (stops at the first failure)", DefaultValueFactory = _ => 10 };
        var roundSeed = new Option<int?>("--round-seed") { Description = "--chaos: replay exactly one round by the seed it printed" };
        var legacy = new Option<bool>("--legacy-incident") { Description = "Instead: build the table the incident left (legacy time_entries, one current row plus --workers identical historical copies per entry, --records entries) and audit it" };
        var cmd = new Command("simulate", """
            Replay the incident: generate realistic canonical files (SCD2 history, a re-delivered file, a
            late file), land them in waves, start N workers at once after each wave, then check the
            table against the invariants and against the planner applied to all files at once.
            Objects and state live in a fresh folder; --objects/--state/--warehouse (or their environment
            variables) point the simulation at other adapters. Exit 0 only if the table holds zero
            duplicates, zero violations and zero lost versions.
            With --legacy-incident it builds the damaged legacy table instead (45,000 rows by default) in the
            warehouse (--warehouse, or DuckDB in the folder) and audits it, to try `audit` and `clean` on.
            With --chaos it runs a fault campaign instead (docs/reliability.md); --workers, --waves,
            --records and --syncs then default to 3, 3, 120 and 6 per round.
            """) { workers, processes, tenant, table, records, syncs, waves, seed, dir, legacy, chaos, rounds, roundSeed };
        cmd.Action(g, async (parse, ws, printer, ct) =>
        {
            if (parse.GetValue(chaos))
            {
                int Or(Option<int> option, int chaosDefault) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : chaosDefault;
                var settings = new ChaosSettings
                {
                    Rounds = Math.Max(1, parse.GetValue(rounds)),
                    Seed = parse.GetValue(seed),
                    RoundSeed = parse.GetValue(roundSeed),
                    Dir = Path.GetFullPath(parse.GetValue(dir) ?? Path.Combine(Path.GetTempPath(), $"stratum-chaos-{Guid.NewGuid():N}"[..22])),
                    Objects = parse.GetValue(g.Objects) ?? NonEmpty(Environment.GetEnvironmentVariable("STRATUM_OBJECTS")),
                    State = parse.GetValue(g.State) ?? NonEmpty(Environment.GetEnvironmentVariable("STRATUM_STATE")),
                    Warehouse = parse.GetValue(g.Warehouse) ?? NonEmpty(Environment.GetEnvironmentVariable("STRATUM_WAREHOUSE")),
                    Workers = Math.Max(1, Or(workers, 3)),
                    Waves = Math.Max(1, Or(waves, 3)),
                    Records = Math.Max(10, Or(records, 120)),
                    Syncs = Math.Max(2, Or(syncs, 6)),
                    NewProcess = SelfProcess,
                };
                printer.Progress($"chaos campaign: seed {settings.Seed}, {(settings.RoundSeed is { } rs ? $"one round (seed {rs})" : $"{settings.Rounds} rounds")}, folder {settings.Dir}");
                var summary = await ChaosCampaign.RunAsync(settings, r => printer.Progress(ChaosText.RoundLine(r, settings)), printer.Progress, ct);
                printer.Result(summary, o => ChaosText.Write(o, summary));
                return summary.Passed ? ExitCodes.Ok : ExitCodes.Findings;
            }
            if (parse.GetValue(legacy))
            {
                var incident = await LegacyIncidentAsync(parse, g, parse.GetValue(dir), parse.GetValue(table)!, parse.GetValue(tenant)!, parse.GetValue(records), parse.GetValue(workers), ct);
                printer.Result(incident, o =>
                {
                    o.MarkupLineInterpolated($"[bold]built the incident's table[/] {incident.Table} in {incident.Warehouse}: tenant {incident.Tenant}, {incident.Keys:N0} entries × (1 current + {incident.CopiesPerKey} historical copies) = {incident.Rows:N0} rows");
                    AuditText.Write(o, incident.Audit);
                    o.MarkupLine("next:");
                    foreach (var step in incident.NextSteps)
                    {
                        o.MarkupLineInterpolated($"  {step}");
                    }
                });
                return ExitCodes.Ok;
            }
            var options = new Options(parse.GetValue(workers), parse.GetValue(processes), parse.GetValue(tenant)!, parse.GetValue(table)!,
                parse.GetValue(records), parse.GetValue(syncs), parse.GetValue(waves), parse.GetValue(seed), parse.GetValue(dir));
            var result = await RunAsync(options, parse, g, printer, ct);
            Print(printer, result);
            return result.Passed ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return cmd;
    }

    /// <summary>Sets up the simulation's own workspace (explicit adapter settings win) and runs it.</summary>
    public static async Task<SimulationResult> RunAsync(Options o, ParseResult parse, GlobalOptions g, Printer printer, CancellationToken ct)
    {
        var dir = Path.GetFullPath(o.Dir ?? Path.Combine(Path.GetTempPath(), $"stratum-sim-{Guid.NewGuid():N}"[..20]));
        Directory.CreateDirectory(dir);
        string Explicit(Option<string?> option, string variable, string fallback)
            => parse.GetValue(option) ?? Environment.GetEnvironmentVariable(variable) ?? fallback;
        var objectsUrl = Explicit(g.Objects, "STRATUM_OBJECTS", "file://" + Path.Combine(dir, "landing"));
        var stateUrl = Explicit(g.State, "STRATUM_STATE", "sqlite://" + Path.Combine(dir, "state.db"));
        var warehouseUrl = Explicit(g.Warehouse, "STRATUM_WAREHOUSE", "duckdb://" + Path.Combine(dir, "warehouse.duckdb"));
        var contracts = Path.Combine(dir, "contracts");
        ExampleContracts.WriteTo(contracts, overwrite: false);
        File.WriteAllText(Path.Combine(dir, ProjectSettings.FileName), $"""
            # Written by `stratum simulate`: inspect the result with `stratum status --project {dir}`
            objects: {objectsUrl}
            state: {stateUrl}
            warehouse: {warehouseUrl}
            tenants: {o.Tenant}
            contracts: ./contracts

            """);

        var clock = TimeProvider.System;
        var contract = ContractLoader.LoadFolder(contracts).FirstOrDefault(c => c.Table.Value == o.Table)
            ?? throw new ConfigException($"no contract for table '{o.Table}' in {contracts}");
        if (contract.EventTimeSource != EventTimeSource.Column)
        {
            throw new ConfigException($"simulate generates event times into a column; contract '{o.Table}' takes them from files");
        }
        var stream = new StreamId(TenantId.Parse(o.Tenant), contract.Table);
        await using var objects = AdapterFactory.Objects(objectsUrl, dir);
        await using var warehouse = AdapterFactory.Warehouse(warehouseUrl, dir, clock);
        await warehouse.EnsureTableAsync(contract, ct);
        if ((await warehouse.GetStatsAsync(contract, stream.Tenant, ct)).Rows > 0)
        {
            throw new ConfigException($"{warehouse.Describe} already holds rows of {stream}; a simulation needs an empty stream (pick another --tenant)");
        }
        await using (var state = AdapterFactory.State(stateUrl, dir, clock))
        {
            await state.EnsureCreatedAsync(ct);
        }

        printer.Progress($"simulation folder: {dir}");
        var simulator = new Simulator
        {
            Stream = stream,
            Contract = contract,
            Objects = objects,
            Warehouse = warehouse,
            NewWorker = token => Task.FromResult((AdapterFactory.State(stateUrl, dir, clock), AdapterFactory.Warehouse(warehouseUrl, dir, clock))),
            NewProcess = o.Processes ? () => SelfProcess(["load", "--tenant", o.Tenant, "--table", o.Table, "--project", dir, "--json"]) : null,
            Workers = o.Workers,
            Waves = o.Waves,
            Records = o.Records,
            Syncs = o.Syncs,
            Seed = o.Seed,
            Clock = clock,
            Log = printer.Progress,
        };
        return await simulator.RunAsync(ct);
    }

    /// <summary>The legacy incident in the simulation's folder (or the warehouse named explicitly), with a project file pointing at it.</summary>
    private static async Task<LegacyIncident.Result> LegacyIncidentAsync(ParseResult parse, GlobalOptions g, string? folder, string table, string tenant, int keys, int copies, CancellationToken ct)
    {
        var dir = Path.GetFullPath(folder ?? Path.Combine(Path.GetTempPath(), $"stratum-incident-{Guid.NewGuid():N}"[..25]));
        Directory.CreateDirectory(dir);
        var warehouseUrl = parse.GetValue(g.Warehouse) ?? Environment.GetEnvironmentVariable("STRATUM_WAREHOUSE") ?? "duckdb://" + Path.Combine(dir, "warehouse.duckdb");
        File.WriteAllText(Path.Combine(dir, ProjectSettings.FileName), $"""
            # Written by `stratum simulate --legacy-incident`: audit the table with `stratum audit --project {dir} --table {table} --key id --version last_updated`
            warehouse: {warehouseUrl}

            """);
        return await LegacyIncident.RunAsync(warehouseUrl, dir, Identifier.Parse(table, "table"), TenantId.Parse(tenant), keys, copies, TimeProvider.System, ct);
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>Starts this same tool again (as `stratum` or `dotnet stratum.dll`).</summary>
    public static ProcessStartInfo SelfProcess(IEnumerable<string> args)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            psi.ArgumentList.Add(typeof(SimulateCommand).Assembly.Location);
        }
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return psi;
    }

    public static void Print(Printer printer, SimulationResult r)
    {
        printer.Result(r, o =>
        {
            var t = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumns("", "");
            t.AddRow("stream", Markup.Escape(r.Stream));
            t.AddRow("workers", $"{r.Workers} {r.WorkerKind} × {r.Waves} waves");
            t.AddRow("worker outcomes", Markup.Escape(string.Join(", ", r.WorkerOutcomes.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}"))));
            t.AddRow("files landed", N(r.Files));
            t.AddRow("rows in the files", N(r.RowsInFiles));
            t.AddRow("rows in the table", $"{N(r.RowsInTable)} (expected {N(r.ExpectedRows)}; {N(r.CurrentRows)} current)");
            t.AddRow("exact duplicate rows", Verdict(r.ExactDuplicateRows, $"{r.DuplicatePercent:0.00}%"));
            t.AddRow("SCD2 violations", Verdict(r.Violations, ""));
            t.AddRow("lost versions", Verdict(r.LostVersions, ""));
            t.AddRow("unexpected rows", Verdict(r.ExtraRows, ""));
            t.AddRow("wall time", $"{r.Seconds:0.0} s");
            o.Write(t);
            foreach (var v in r.SampleViolations)
            {
                o.MarkupLineInterpolated($"[red]{v}[/]");
            }
            o.MarkupLine(r.Passed
                ? "[green]PASS[/]: every version is in the table exactly once, with a correct history."
                : "[red]FAIL[/]: the table does not match what one careful loader would produce.");
        });
    }

    private static string Verdict(int n, string extra) => n == 0 ? $"[green]0[/] {extra}" : $"[red]{n}[/] {extra}";

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
