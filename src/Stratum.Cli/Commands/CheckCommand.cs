using System.CommandLine;
using Spectre.Console;
using Stratum.Hosting.Checks;
using Stratum.Cli.Output;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum check</c>: every stream against its thresholds; exit 0 all pass, 1 any fail, 2 could not check.</summary>
public static class CheckCommand
{
    public static Command Build(GlobalOptions g)
    {
        var tenants = new Option<string[]>("--tenant") { Description = "Only these tenants", AllowMultipleArgumentsPerToken = true };
        var tables = new Option<string[]>("--table") { Description = "Only these tables", AllowMultipleArgumentsPerToken = true };
        var webhook = new Option<string?>("--webhook") { Description = "POST a JSON alert (with a `text` field) here when a check fails (env STRATUM_CHECK_WEBHOOK)" };
        var thresholds = new ThresholdOptions();
        var cmd = new Command("check", """
            Check every stream (enabled tenants × contracts) against its thresholds: freshness (newest
            committed data ≤ 1h old), exact duplicates (0) and SCD violations (0) counted in the warehouse,
            load success rate (≥ 99.5% over 24h), quarantined files (0), load latency (no file waiting
            > 5m), and over the whole landing root, files and folders that will never be loaded (0:
            a folder whose name is not a tenant id, a table folder without a contract, a file outside
            a table folder or with an extension no reader reads; the verdict names them). Set them in stratum.yaml (check:, check.tables.TABLE:) or with the options below.
            Prints each check with the measured value. Exit 0 all pass, 1 any fail, 2 could not check.
            """) { tenants, tables, webhook };
        foreach (var o in thresholds.All)
        {
            cmd.Options.Add(o);
        }
        cmd.Action(g, async (parse, ws, printer, ct) =>
        {
            var settings = thresholds.Apply(parse, ws.Settings);
            var set = await ws.SurveyAsync(parse.GetValue(tenants) ?? [], parse.GetValue(tables) ?? [], ct);
            if (set.Streams.Count == 0)
            {
                UnloadableText.Write(printer.Err, set.Unloadable);
                printer.Error($"no streams: no tenants found ({ws.Settings.Tenants}) or no contracts in {ws.Settings.ContractsPath}");
                return ExitCodes.Error;
            }
            var run = (await ws.Pass.CheckAsync(set, settings.Checks, ct)).Run;
            printer.Result(run, o => Render(o, run));
            if (!run.Passed && (parse.GetValue(webhook) ?? settings.Webhook) is { Length: > 0 } url)
            {
                var target = ParseWebhook(url);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
                try
                {
                    await WebhookAlert.PostAsync(http, target, WebhookAlert.Build(run), ct);
                    printer.Progress($"alert posted to {WebhookAlert.Redact(target)}");
                }
                catch (StratumException e)
                {
                    printer.Error($"checks failed and the alert could not be delivered: {e.Message}");
                    return ExitCodes.Error;
                }
            }
            return run.Passed ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return cmd;
    }

    private static Uri ParseWebhook(string text)
        => Uri.TryCreate(text, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            ? u
            : throw new ConfigException("--webhook: expected an http:// or https:// URL");

    private static void Render(IAnsiConsole o, CheckRun run)
    {
        var t = new Table().Border(TableBorder.Rounded).AddColumns("stream", "check", "result", "measured", "threshold");
        foreach (var r in run.Results)
        {
            t.AddRow(Markup.Escape(r.Stream), r.Check, r.Passed ? "[green]pass[/]" : "[red]FAIL[/]", Markup.Escape(r.Measured), Markup.Escape(r.Threshold));
        }
        o.Write(t);
        UnloadableText.Write(o, run.Unloadable);
        var failed = run.Failed.ToList();
        o.WriteLine(failed.Count == 0
            ? $"All {run.Results.Count} checks passed on {run.Streams} streams."
            : $"{failed.Count} of {run.Results.Count} checks failed on {failed.Where(f => f.Stream != CheckRun.LandingStream).Select(f => f.Stream).Distinct(StringComparer.Ordinal).Count()} of {run.Streams} streams"
                + (failed.Any(f => f.Stream == CheckRun.LandingStream) ? $" and on the landing root ({run.Unloadable.Count} never loaded)." : "."));
    }
}
