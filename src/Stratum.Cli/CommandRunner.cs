using System.CommandLine;
using Stratum.Configuration;
using Stratum.Cli.Output;
using Stratum.Contracts;

namespace Stratum.Cli;

/// <summary>
/// Runs a command's body with its workspace and printer, and turns every failure into a message
/// and exit code 2 (no stack traces for expected problems; set STRATUM_DEBUG=1 to see them).
/// </summary>
public static class CommandRunner
{
    public static void Action(this Command command, GlobalOptions g, Func<ParseResult, Workspace, Printer, CancellationToken, Task<int>> body)
        => command.SetAction(async (parse, ct) =>
        {
            var printer = new Printer(parse.GetValue(g.Json));
            try
            {
                await using var ws = new Workspace(g.Settings(parse), TimeProvider.System);
                return await body(parse, ws, printer, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                printer.Error("cancelled");
                return ExitCodes.Error;
            }
            catch (ContractException e)
            {
                printer.Error(e.Message);
                return ExitCodes.Error;
            }
            catch (StratumException e)
            {
                printer.Error(e.Message + (e.IsTransient ? " (transient: trying again later may succeed)" : ""));
                Debug(e);
                return ExitCodes.Error;
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                printer.Error(e.Message);
                Debug(e);
                return ExitCodes.Error;
            }
        });

    private static void Debug(Exception e)
    {
        if (Environment.GetEnvironmentVariable("STRATUM_DEBUG") is "1" or "true")
        {
            Console.Error.WriteLine(e);
        }
    }
}
