using System.CommandLine;
using Spectre.Console;
using Stratum.Cli.Output;
using Stratum.Contracts;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum contract check PATH</c>: validate contract files and show what they declare.</summary>
public static class ContractCommand
{
    public static Command Build(GlobalOptions g)
    {
        var path = new Argument<string>("PATH") { Description = "A contract file, or a folder of them" };
        var check = new Command("check", "Validate contract files; print every problem with its file, line and field (exit 1), or a summary (exit 0)") { path };
        check.SetAction(parse =>
        {
            var printer = new Printer(parse.GetValue(g.Json));
            var p = parse.GetValue(path)!;
            try
            {
                var contracts = Directory.Exists(p) ? ContractLoader.LoadFolder(p) : [ContractLoader.LoadFile(p)];
                printer.Result(contracts.Select(Summary).ToList(), o =>
                {
                    var t = new Table().Border(TableBorder.Rounded).AddColumns("table", "scd", "key", "event time", "columns", "tracked", "deletes", "missing cols");
                    foreach (var c in contracts)
                    {
                        t.AddRow(c.Table.Value, $"type {c.ScdType}", string.Join(", ", c.Key), EventTime(c),
                            c.Columns.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            c.Tracked.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            c.Tombstone is { } ts ? $"tombstone {ts}" : c.Snapshot ? "snapshot" : "none",
                            c.MissingColumns == MissingColumnPolicy.Null ? "null" : "reject");
                    }
                    o.Write(t);
                    o.MarkupLine($"[green]{contracts.Count} contract(s) valid[/]");
                });
                return ExitCodes.Ok;
            }
            catch (ContractException e)
            {
                printer.Result(new { problems = e.Problems.Select(x => new { source = x.Source, line = x.Line, field = x.Field, message = x.Message }) }, o =>
                {
                    foreach (var problem in e.Problems)
                    {
                        o.MarkupLineInterpolated($"[red]{problem}[/]");
                    }
                    o.MarkupLineInterpolated($"{e.Problems.Count} problem(s)");
                });
                return ExitCodes.Error; // a contract that does not load is a contract problem: could not run (README)
            }
        });
        var cmd = new Command("contract", "Work with table contracts");
        cmd.Subcommands.Add(check);
        return cmd;
    }

    private static string EventTime(TableContract c) => c.EventTimeSource switch
    {
        EventTimeSource.Column => c.EventTimeColumn!.Value.Value,
        EventTimeSource.FileModified => "file:modified",
        _ => "file:key",
    };

    private static object Summary(TableContract c) => new
    {
        table = c.Table.Value,
        scd_type = c.ScdType,
        key = c.Key.Select(k => k.Value),
        event_time = EventTime(c),
        columns = c.Columns.Select(col => new { name = col.Name.Value, type = col.Type.ToString(), nullable = col.Nullable }),
        tracked = c.Tracked.Select(t => t.Value),
        tombstone = c.Tombstone?.Value,
        snapshot = c.Snapshot,
        unknown_columns = c.UnknownColumns == UnknownColumnPolicy.Reject ? "reject" : "ignore",
        missing_columns = c.MissingColumns == MissingColumnPolicy.Null ? "null" : "reject",
    };
}
