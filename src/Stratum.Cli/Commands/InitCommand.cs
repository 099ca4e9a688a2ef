using Stratum.Simulation;
using Spectre.Console;
using System.CommandLine;
using Stratum.Configuration;
using Stratum.Cli.Output;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum init [DIR]</c>: a starter project on the embedded defaults.</summary>
public static class InitCommand
{
    public const string ProjectTemplate = """
        # Stratum project file. Every setting can be overridden by the environment variable in
        # brackets and by the global option of the same name (--objects, --state, …).
        # Relative paths are relative to this file. docs/configuration.md describes every form.

        # Where the pipeline lands files: {tenant}/canonical/{table}/*.parquet|csv|ndjson[.gz]
        objects: file://./landing                          # [STRATUM_OBJECTS]  or s3://bucket/prefix?region=…
        # Leases, the file ledger and the run log.
        state: sqlite://./.stratum/state.db                 # [STRATUM_STATE]    or dynamodb://table?region=…
        # Where the SCD tables live.
        warehouse: duckdb://./.stratum/warehouse.duckdb     # [STRATUM_WAREHOUSE] or clickhouse://host:8123/db
        # Which tenants to load: auto = every folder that has canonical/, or a list: acme,globex
        tenants: auto                                       # [STRATUM_TENANTS]
        # One contract per table.
        contracts: ./contracts                              # [STRATUM_CONTRACTS]

        load:
          parallel: 4          # streams loaded at once by `stratum run`   [STRATUM_PARALLEL]
          lease_ttl: 2m        # a worker's lease on a stream, renewed as it goes [STRATUM_LEASE_TTL]
          batch_bytes: 64MB    # files read per batch                     [STRATUM_BATCH_BYTES]
          batch_rows: 100000   # rows planned at a time; bounds memory   [STRATUM_BATCH_ROWS]

        # A stream whose loads fail this many times in a row is skipped by passes for the back-off,
        # then one trial load runs: success closes the breaker, failure doubles the back-off (up to
        # max_backoff). Waits are jittered by ±jitter. `stratum resume TENANT/TABLE` closes it by hand.
        breaker:
          failures: 3          # 0 turns the breaker off                  [STRATUM_BREAKER_FAILURES]
          backoff: 1m          # the first back-off                       [STRATUM_BREAKER_BACKOFF]
          max_backoff: 1h      # its ceiling                              [STRATUM_BREAKER_MAX_BACKOFF]
          jitter: 20%          # each wait ± this share                  [STRATUM_BREAKER_JITTER]
        """;

    public static Command Build(GlobalOptions g)
    {
        var dir = new Argument<string>("DIR") { Description = "Folder for the project (created if missing)", DefaultValueFactory = _ => "." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing stratum.yaml and contracts" };
        var cmd = new Command("init", "Write a starter project: stratum.yaml (embedded defaults: local folder, SQLite, DuckDB) and the example MSP contracts") { dir, force };
        cmd.SetAction((parse) =>
        {
            var printer = new Printer(parse.GetValue(g.Json));
            var folder = Path.GetFullPath(parse.GetValue(dir)!);
            var project = Path.Combine(folder, ProjectSettings.FileName);
            if (File.Exists(project) && !parse.GetValue(force))
            {
                printer.Error($"{project} already exists; use --force to overwrite it");
                return ExitCodes.Error;
            }
            Directory.CreateDirectory(folder);
            File.WriteAllText(project, ProjectTemplate + Environment.NewLine);
            ExampleContracts.WriteTo(Path.Combine(folder, "contracts"), parse.GetValue(force));
            Directory.CreateDirectory(Path.Combine(folder, "landing"));
            printer.Result(new { project, contracts = Path.Combine(folder, "contracts") }, o =>
            {
                o.MarkupLineInterpolated($"[green]Created[/] {project}");
                o.MarkupLineInterpolated($"        {Path.Combine(folder, "contracts")}/ (time_entries, tickets, companies, contacts)");
                o.MarkupLineInterpolated($"        {Path.Combine(folder, "landing")}/ (put files under TENANT/canonical/TABLE/)");
                o.WriteLine();
                o.WriteLine("Next: cd into the folder, land some files (or `stratum simulate`), then `stratum run` and `stratum status`.");
            });
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
