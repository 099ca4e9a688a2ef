using System.CommandLine;
using Stratum.Cleanup;
using Stratum.Cli.Output;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum restore CLEANUP_ID</c>: put a table back exactly as it was before a cleanup.</summary>
public static class RestoreCommand
{
    public static Command Build(GlobalOptions g)
    {
        var id = new Argument<string>("CLEANUP_ID") { Description = "The id `stratum clean --execute` printed (cleanup id: …)" };
        var cmd = new Command("restore", """
            Undo a cleanup: in each partition it rewrote, take out the rows it wrote and put back the rows
            it removed (from <table>__stratum_backup), atomically per partition (DuckDB: one transaction).
            Refuses, changing nothing, if rows the cleanup wrote are no longer there. Then compares the
            table's checksum with the one taken just before the cleanup.
            Exit 0 identical to before the cleanup, 1 restored but the table changed since, 2 error.
            """) { id };
        cmd.Action(g, async (parse, ws, printer, ct) =>
        {
            var auditor = Adapters.AdapterFactory.Auditor(ws.Warehouse);
            var result = await new Cleaner(auditor, ws.Clock).RestoreAsync(parse.GetValue(id)!, ct);
            printer.Result(result, o => CleanupText.WriteRestore(o, result));
            return result.IdenticalToBeforeCleanup ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return cmd;
    }
}
