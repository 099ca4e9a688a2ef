using System.CommandLine;
using Stratum.Cli.Output;
using Stratum.Migration;
using Stratum.Names;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum migrate --table T</c>: bring a table to its changed contract; dry run unless --execute.</summary>
public static class MigrateCommand
{
    public static Command Build(GlobalOptions g)
    {
        var table = new Option<string>("--table") { Description = "The table whose contract changed (its contract in contracts/ is the new one)", Required = true };
        var tenant = new Option<string?>("--tenant") { Description = "Dry run only: show this tenant alone (--execute always migrates every tenant)" };
        var execute = new Option<bool>("--execute") { Description = "Apply the migration (after a backup); without it nothing is changed" };
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation (for scripts); required when stdin is not a terminal" };
        var cmd = new Command("migrate", """
            Bring a table to its changed contract without spurious history. Every table stores the
            fingerprint of the contract its rows were written under (table stratum_contracts); when the
            contract in contracts/ differs (tracked columns, a column added or removed, nullability, the
            SCD type, ...), `stratum run` refuses the stream and points here.

            Dry run by default: prints what changed and, per tenant, the keys, the rows before → after
            and the versions that collapse. Each key's history is rebuilt from its own events with the
            loader's planner: hashes recomputed under the new tracked set, consecutive versions now equal
            merged, new nullable columns null, SCD2 → SCD1 keeping the latest event. It refuses, saying
            why and what to do instead, what the stored rows cannot tell: a new key, a new event time,
            SCD1 → SCD2 (the history was never kept), a changed tombstone, a type change, a new
            non-nullable column.

            --execute backs up the rows it rewrites to <table>__stratum_backup under a cleanup id,
            changes the columns, rewrites the keys and stores the new contract (DuckDB: one
            transaction; ClickHouse: partition by partition with REPLACE PARTITION, the contract stored
            last; stop the table's loaders meanwhile). `stratum restore CLEANUP_ID` puts rows, columns
            and the stored contract back. docs/contracts.md, "Changing a contract", has the rules.
            Example: stratum migrate --table tickets; stratum migrate --table tickets --execute --yes
            Exit 0 done or nothing to do, 1 a migration is pending (dry run) or refused, 2 error.
            """) { table, tenant, execute, yes };
        cmd.Action(g, async (parse, ws, printer, ct) =>
        {
            var contract = ws.Contract(Identifier.Parse(parse.GetValue(table), "table").Value);
            var only = parse.GetValue(tenant) is { } t ? TenantId.Parse(t) : (TenantId?)null;
            var migrator = new Migrator(ws.Warehouse, Adapters.AdapterFactory.Auditor(ws.Warehouse), ws.Clock);
            var preview = await migrator.PreviewAsync(contract, only, ct);
            if (!parse.GetValue(execute) || preview.State != MigrationPreview.States.Ready)
            {
                printer.Result(preview, o => MigrationText.WritePreview(o, preview, dryRun: !parse.GetValue(execute)));
                return preview.State is MigrationPreview.States.Ready or MigrationPreview.States.Refused ? ExitCodes.Findings : ExitCodes.Ok;
            }
            if (only is not null)
            {
                printer.Error($"--execute migrates every tenant of {contract.Table} at once (the contract is the table's); leave out --tenant");
                return ExitCodes.Error;
            }
            if (!parse.GetValue(yes))
            {
                if (Console.IsInputRedirected)
                {
                    printer.Error($"refusing to change {contract.Table} without confirmation: stdin is not a terminal. Pass --yes to execute from a script.");
                    return ExitCodes.Error;
                }
                Console.Error.Write($"This rewrites {preview.RowsBefore:N0} row(s) of {contract.Table} into {preview.RowsAfter:N0} after a backup. Type the table name to go ahead: ");
                if (!string.Equals(Console.ReadLine()?.Trim(), contract.Table.Value, StringComparison.Ordinal))
                {
                    printer.Error("not confirmed; nothing was changed");
                    return ExitCodes.Error;
                }
            }
            var result = await migrator.ExecuteAsync(contract, null, ct);
            printer.Result(result, o => MigrationText.WriteResult(o, result));
            if (result.CleanupId is { } id)
            {
                printer.Line($"cleanup id: {id}");
            }
            return result.Executed && result.After is { } after && after.Violations + after.ExactDuplicateRows == 0 ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return cmd;
    }
}
