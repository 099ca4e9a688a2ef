using System.CommandLine;
using Stratum.Cleanup;
using Stratum.Cli.Audit;
using Stratum.Cli.Output;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum clean duplicates|scd --table X</c>: the repair for each finding, dry run unless --execute.</summary>
public static class CleanCommand
{
    public static Command Build(GlobalOptions g)
    {
        var cmd = new Command("clean", """
            Repair what `stratum audit` finds. Dry run by default: prints exactly what would change, per
            partition (ClickHouse: the table's own partitions; DuckDB: per tenant), with samples.
            --execute applies it: every row removed or rewritten is first copied to <table>__stratum_backup
            under a cleanup id; each affected partition is rewritten atomically (ClickHouse: staging +
            REPLACE PARTITION; DuckDB: one transaction); partitions with nothing to repair are not touched;
            then the table is audited again. `stratum restore CLEANUP_ID` undoes it.
            Exit 0 done (or nothing to do), 1 something to clean (dry run) or left after, 2 error.
            """);
        cmd.Subcommands.Add(Build(g, CleanupKind.Duplicates, "duplicates", """
            Remove exact duplicates: keep exactly one row of each group of rows equal in every identity
            column (the first written when --loaded-at / lineage columns tell), even when the copies are
            identical in every column. Never a DELETE that could match the row kept.
            """));
        cmd.Subcommands.Add(Build(g, CleanupKind.Scd, "scd", """
            Rebuild each key with an SCD2 violation from the versions present, with Stratum's planner:
            versions ordered by the version column, one row per version (equal content collapsed; two
            contents at one version: the greater content hash wins, the other is reported and kept in the
            backup), effective_date = the version's time, expiration_date = the next version's time,
            is_current on the last, record_version 1..n; a key with no current row stays closed at its
            latest expiration. Future effective dates are reported, not changed.
            """));
        return cmd;
    }

    private static Command Build(GlobalOptions g, CleanupKind kind, string name, string description)
    {
        var options = new TableOptions();
        var execute = new Option<bool>("--execute") { Description = "Apply the cleanup (after a backup); without it nothing is changed" };
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation (for scripts); required when stdin is not a terminal" };
        var cmd = new Command(name, description) { execute, yes };
        options.AddTo(cmd);
        cmd.Action(g, async (parse, ws, printer, ct) =>
        {
            var (auditor, scope) = await options.ResolveAsync(parse, ws, ct);
            var cleaner = new Cleaner(auditor, ws.Clock);
            var preview = await cleaner.PreviewAsync(kind, scope, ct);
            if (!parse.GetValue(execute))
            {
                printer.Result(preview, o => CleanupText.WritePreview(o, preview, dryRun: true));
                return preview.NothingToDo ? ExitCodes.Ok : ExitCodes.Findings;
            }
            if (!preview.NothingToDo && !parse.GetValue(yes) && !Confirm(printer, preview))
            {
                return ExitCodes.Error;
            }
            var result = await cleaner.ExecuteAsync(kind, scope, ct);
            printer.Result(result, o => CleanupText.WriteResult(o, result));
            if (result.CleanupId is { } id)
            {
                printer.Line($"cleanup id: {id}");
            }
            return result.Resolved ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return cmd;
    }

    /// <summary>A person types the table's name; without a terminal on stdin there is nobody to ask: refuse.</summary>
    private static bool Confirm(Printer printer, CleanupPreview preview)
    {
        if (Console.IsInputRedirected)
        {
            printer.Error($"refusing to change {preview.Table} without confirmation: stdin is not a terminal. Pass --yes to execute from a script.");
            return false;
        }
        Console.Error.WriteLine($"This removes {preview.RowsRemoved:N0} row(s) from {preview.Table} and writes {preview.RowsWritten:N0}, in {preview.Partitions.Count} partition(s),");
        Console.Error.Write($"after copying them to {BackupTables.NameFor(Names.Identifier.Parse(preview.Table))}. Type the table name to go ahead: ");
        var answer = Console.ReadLine();
        if (!string.Equals(answer?.Trim(), preview.Table, StringComparison.Ordinal))
        {
            printer.Error("not confirmed; nothing was changed");
            return false;
        }
        return true;
    }
}
