using System.CommandLine;
using Stratum.Audit;
using Stratum.Cli.Audit;
using Stratum.Cli.Output;
using Stratum.Cli.Output.Html;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum audit --table X</c>: exact duplicates and SCD2 violations, counted in the warehouse.</summary>
public static class AuditCommand
{
    public static Command Build(GlobalOptions g)
    {
        var options = new TableOptions();
        var html = new Option<string?>("--html") { Description = "Also write the report as one self-contained HTML file (inline charts, nothing loaded from the network)" };
        var cmd = new Command("audit", """
            Find every exact duplicate and SCD2 violation in a table — one Stratum loads (its contract
            names the columns) or a legacy one (--key id --version last_updated; SCD column names as
            options, defaults tenant_id, effective_date, expiration_date, is_current). Every count runs
            in the warehouse and nothing is capped: duplicate groups and their sizes, by tenant, by
            is_current, by lineage, when copies were written (--loaded-at), the incident's own measure
            (rows sharing tenant, key and version), and each kind of SCD2 violation with samples.
            Exit 0 clean, 1 findings, 2 error. docs/audit-and-repair.md explains each finding.
            """) { html };
        options.AddTo(cmd);
        cmd.Action(g, async (parse, ws, printer, ct) =>
        {
            var (auditor, scope) = await options.ResolveAsync(parse, ws, ct);
            var report = await new Auditor(auditor).AuditAsync(scope, ct);
            if (parse.GetValue(html) is { } file)
            {
                var path = Path.GetFullPath(file);
                await File.WriteAllTextAsync(path, AuditHtml.Render(report), ct);
                printer.Progress($"HTML report written to {path}");
            }
            printer.Result(report, o => AuditText.Write(o, report));
            return report.Clean ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return cmd;
    }
}
