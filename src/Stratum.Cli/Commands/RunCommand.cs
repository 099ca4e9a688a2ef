using System.CommandLine;
using Stratum.Cli.Output;
using Stratum.Hosting;
using Stratum.Objects;
using Stratum.State;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum run</c>: every enabled tenant × table.</summary>
public static class RunCommand
{
    /// <summary>The <c>--json</c> form: one record per stream load, and what landed that will never be loaded.</summary>
    public sealed record RunResult(IReadOnlyList<RunRecord> Runs, IReadOnlyList<UnloadableObject> Unloadable);

    public static Command Build(GlobalOptions g)
    {
        var parallel = new Option<int?>("--parallel") { Description = "Streams loaded at once (default: load.parallel, 4)" };
        var tenants = new Option<string[]>("--tenant") { Description = "Only these tenants (repeatable)", AllowMultipleArgumentsPerToken = true };
        var tables = new Option<string[]>("--table") { Description = "Only these tables (repeatable)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("run", """
            Load every stream: each enabled tenant (see --tenants) × each contract, with bounded
            parallelism, then print a summary. Safe to run from many workers at once (cron, timers,
            Kubernetes CronJobs): the state store's leases give each stream to one worker at a time.
            Also names what landed that will never be loaded, with the reason (a folder whose name is
            not a tenant id, a table folder without a contract, a file outside a table folder…);
            `stratum check` fails on them. A stream whose loads failed several times in a row has its
            circuit breaker opened: passes skip it (outcome skipped-breaker-open) until its back-off
            ends, then one trial load decides; `stratum resume TENANT/TABLE` closes it by hand.
            Exit 1 when a load failed, quarantined files or was skipped for an open breaker.
            """) { parallel, tenants, tables };
        cmd.Action(g, async (parse, ws, printer, ct) =>
        {
            var (streams, unloadable) = await ws.SurveyAsync(parse.GetValue(tenants) ?? [], parse.GetValue(tables) ?? [], ct);
            if (streams.Count == 0)
            {
                UnloadableText.Write(printer.Err, unloadable);
                printer.Error($"no streams: no tenants found ({ws.Settings.Tenants}) or no contracts in {ws.Settings.ContractsPath}");
                return ExitCodes.Error;
            }
            if (await Preflight.WarehouseAsync(ws, printer, ct) is { } unreachable)
            {
                return unreachable;
            }
            var progress = ProgressReporter.For(printer);
            var pass = new StreamPass(ws) { BreakerChanged = t => printer.Progress(RunTable.Line(t)) };
            var runs = await pass.LoadAsync(streams, parse.GetValue(parallel) ?? ws.Settings.Parallel, progress, default, ct);
            return LoadCommand.Report(printer, runs, new RunResult(runs, unloadable), o => UnloadableText.Write(o, unloadable));
        });
        return cmd;
    }
}
