using System.CommandLine;
using Spectre.Console;
using Stratum.Cli.Output;
using Stratum.Hosting.Doctor;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum doctor</c>: tries every adapter of the configuration and says how to fix what failed.</summary>
public static class DoctorCommand
{
    public static Command Build(GlobalOptions g)
    {
        var cmd = new Command("doctor", """
            Check this configuration before loading with it: the contracts load; the object store
            lists the landing root; the tenant registry answers; the state store opens and refuses a
            second worker the lease another holds (the conditional writes exactly-once rests on);
            the warehouse answers and the contracts' tables can be read. One line per check, and
            for each failure what to fix. Nothing is loaded or changed (a lease on the reserved
            stream stratum-doctor/lease_check is taken and released).
            Examples: `stratum doctor`, `stratum doctor --warehouse clickhouse://ch:8123/db`,
            `stratum doctor --json`.
            Exit 0 when every check passes, 2 when one fails.
            """);
        cmd.Action(g, async (parse, ws, printer, ct) =>
        {
            var s = ws.Settings;
            var checks = await new DeploymentDoctor(ws).RunAsync(s.Objects, s.State, s.Warehouse, s.Tenants, s.ContractsPath, ct);
            printer.Result(checks, o =>
            {
                var t = new Table().Border(TableBorder.Rounded).AddColumns("adapter", "check", "result", "detail");
                foreach (var c in checks)
                {
                    t.AddRow(Markup.Escape(c.Component), Markup.Escape(c.Check), c.Ok ? "[green]ok[/]" : "[red]FAIL[/]", Markup.Escape(c.Detail));
                }
                o.Write(t);
                foreach (var c in checks.Where(c => !c.Ok))
                {
                    o.MarkupLineInterpolated($"[red]{c.Component}: {c.Check}[/] — fix: {c.Fix}");
                }
                o.MarkupLine(checks.All(c => c.Ok) ? "[green]every check passed[/]" : $"[red]{checks.Count(c => !c.Ok)} of {checks.Count} checks failed[/]");
            });
            return checks.All(c => c.Ok) ? ExitCodes.Ok : ExitCodes.Error;
        });
        return cmd;
    }
}
