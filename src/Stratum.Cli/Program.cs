using System.CommandLine;
using Stratum.Cli;
using Stratum.Cli.Commands;

var global = new GlobalOptions();
var root = new RootCommand("""
    Stratum loads the files a pipeline lands under {tenant}/canonical/{table}/ into SCD Type 1/2
    warehouse tables, exactly once in effect: any number of concurrent workers, crashes, retries,
    late or re-delivered files, and each version is in the table once, with a correct history.

    Start with `stratum init` (a project with example contracts), then `stratum run`.
    `stratum demo` replays the incident Stratum was built for, on this machine, in one command.
    Exit codes: 0 ok, 1 something needs a person (failed load, quarantined file, findings), 2 error.
    """);
foreach (var option in global.All)
{
    root.Options.Add(option);
}
root.Subcommands.Add(InitCommand.Build(global));
root.Subcommands.Add(ContractCommand.Build(global));
root.Subcommands.Add(LoadCommand.Build(global));
root.Subcommands.Add(RunCommand.Build(global));
root.Subcommands.Add(StatusCommand.Build(global));
root.Subcommands.Add(CheckCommand.Build(global));
root.Subcommands.Add(DoctorCommand.Build(global));
root.Subcommands.Add(VerifyCommand.Build(global));
root.Subcommands.Add(ServeCommand.Build(global));
root.Subcommands.Add(QuarantineCommand.Build(global));
root.Subcommands.Add(ResumeCommand.Build(global));
root.Subcommands.Add(ConflictsCommand.Build(global));
root.Subcommands.Add(AuditCommand.Build(global));
root.Subcommands.Add(CleanCommand.Build(global));
root.Subcommands.Add(RestoreCommand.Build(global));
root.Subcommands.Add(MigrateCommand.Build(global));
root.Subcommands.Add(SimulateCommand.Build(global));
root.Subcommands.Add(DemoCommand.Build(global));
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    return UsageErrors.Report(parsed, Console.Error);
}
// `serve` is a Generic Host: it handles SIGTERM and Ctrl+C itself and stops gracefully, so
// System.CommandLine must not (it would end the process two seconds after the signal).
var invocation = new InvocationConfiguration();
if (parsed.CommandResult.Command.Name == "serve")
{
    invocation.ProcessTerminationTimeout = null;
}
return await parsed.InvokeAsync(invocation);
