using Spectre.Console;
using System.CommandLine;
using Stratum.Cli.Output;
using Stratum.Hosting;
using Stratum.Loading;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum load --tenant T --table X</c>: load one stream.</summary>
public static class LoadCommand
{
    public static Command Build(GlobalOptions g)
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant id (the first folder of the key)", Required = true };
        var table = new Option<string>("--table") { Description = "Table (a contract's name)", Required = true };
        var cmd = new Command("load", """
            Load one stream: the pending files under TENANT/canonical/TABLE/. Safe to run from any number
            of workers at once: one holds the stream's lease and loads, the others skip (exit 0).
            A load asked for by hand runs even when the stream's circuit breaker is open (passes of
            `run` and `serve` skip it), and its outcome counts: a success closes the breaker.
            Exit 1 when the load failed or files were quarantined (`stratum quarantine list`).
            """) { tenant, table };
        cmd.Action(g, async (parse, ws, printer, ct) =>
        {
            var stream = new StreamId(TenantId.Parse(parse.GetValue(tenant)), Identifier.Parse(parse.GetValue(table), "table"));
            var contract = ws.Contract(stream.Table.Value);
            if (await Preflight.WarehouseAsync(ws, printer, ct) is { } unreachable)
            {
                return unreachable;
            }
            var pass = new StreamPass(ws) { BreakerChanged = t => printer.Progress(RunTable.Line(t)) };
            var run = await pass.LoadByHandAsync(stream, contract, ProgressReporter.For(printer), ct);
            return Report(printer, [run]);
        });
        return cmd;
    }

    public static int Report(Printer printer, IReadOnlyList<RunRecord> runs, object? model = null, Action<IAnsiConsole>? more = null)
    {
        printer.Result(model ?? runs, o =>
        {
            o.Write(RunTable.Build(runs));
            RunTable.WriteErrors(o, runs);
            if (runs.Any(r => r.FilesQuarantined > 0))
            {
                o.MarkupLine("[yellow]Some files were quarantined: `stratum quarantine list` shows why.[/]");
            }
            if (runs.Sum(r => r.TieConflicts) is > 0 and var ties)
            {
                o.MarkupLineInterpolated($"[yellow]{ties} version(s) were dropped by the tie rule (same key, same event time): `stratum conflicts list` shows them.[/]");
            }
            more?.Invoke(o);
        });
        var bad = runs.Any(r => r.Outcome is LoadOutcome.Failed or LoadOutcome.LostLease or LoadOutcome.SkippedBreakerOpen || r.FilesQuarantined > 0);
        return bad ? ExitCodes.Findings : ExitCodes.Ok;
    }
}
