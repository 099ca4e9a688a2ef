using System.CommandLine;
using Spectre.Console;
using Stratum.Cli.Output;
using Stratum.State;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum quarantine list|retry</c>: see why files were refused, and re-admit them after a fix.</summary>
public static class QuarantineCommand
{
    public sealed record QuarantinedFile(string Stream, string Key, string Identity, string? Reason, DateTimeOffset At, string LoadId);

    public static Command Build(GlobalOptions g)
    {
        var tenants = new Option<string[]>("--tenant") { Description = "Only these tenants", AllowMultipleArgumentsPerToken = true };
        var tables = new Option<string[]>("--table") { Description = "Only these tables", AllowMultipleArgumentsPerToken = true };
        var list = new Command("list", "Quarantined files with the reason each was refused (file, row, column)") { tenants, tables };
        list.Action(g, async (parse, ws, printer, ct) =>
        {
            var files = await ListAsync(ws, parse.GetValue(tenants) ?? [], parse.GetValue(tables) ?? [], ct);
            printer.Result(files, o =>
            {
                if (files.Count == 0)
                {
                    o.MarkupLine("[green]No quarantined files.[/]");
                    return;
                }
                var t = new Table().Border(TableBorder.Rounded).AddColumns("stream", "file", "reason", "when");
                foreach (var f in files)
                {
                    t.AddRow(Markup.Escape(f.Stream), Markup.Escape(f.Key), Markup.Escape(f.Reason ?? ""), $"{f.At:yyyy-MM-dd HH:mm:ss}");
                }
                o.Write(t);
            });
            return ExitCodes.Ok;
        });

        var rTenants = new Option<string[]>("--tenant") { Description = "Only these tenants", AllowMultipleArgumentsPerToken = true };
        var rTables = new Option<string[]>("--table") { Description = "Only these tables", AllowMultipleArgumentsPerToken = true };
        var fileOption = new Option<string[]>("--file") { Description = "Only these files (key or identity; repeatable). Default: all quarantined files of the streams", AllowMultipleArgumentsPerToken = true };
        var retry = new Command("retry", "Re-admit quarantined files (after fixing the file or the contract): the next load reads them again") { rTenants, rTables, fileOption };
        retry.Action(g, async (parse, ws, printer, ct) =>
        {
            var only = (parse.GetValue(fileOption) ?? []).ToHashSet(StringComparer.Ordinal);
            var files = await ListAsync(ws, parse.GetValue(rTenants) ?? [], parse.GetValue(rTables) ?? [], ct);
            var chosen = files.Where(f => only.Count == 0 || only.Contains(f.Key) || only.Contains(f.Identity)).ToList();
            var state = await ws.StateAsync(ct);
            var readmitted = 0;
            foreach (var group in chosen.GroupBy(f => f.Stream))
            {
                var stream = (await ws.StreamsAsync([group.Key.Split('/')[0]], [group.Key.Split('/')[1]], ct))[0].Stream;
                readmitted += await state.ReadmitAsync(stream, [.. group.Select(f => f.Identity)], ct);
            }
            printer.Result(new { readmitted }, o => o.MarkupLineInterpolated($"Re-admitted {readmitted} file(s); `stratum run` (or `load`) reads them again."));
            return ExitCodes.Ok;
        });

        var cmd = new Command("quarantine", "Files that could not be loaded as they are");
        cmd.Subcommands.Add(list);
        cmd.Subcommands.Add(retry);
        return cmd;
    }

    private static async Task<List<QuarantinedFile>> ListAsync(Workspace ws, string[] tenants, string[] tables, CancellationToken ct)
    {
        var state = await ws.StateAsync(ct);
        IEnumerable<Names.StreamId> streams = tenants.Length == 0 && tables.Length == 0
            ? await state.ListStreamsAsync(ct)
            : (await ws.StreamsAsync(tenants, tables, ct)).Select(s => s.Stream);
        var result = new List<QuarantinedFile>();
        foreach (var stream in streams)
        {
            var ledger = await state.GetLedgerAsync(stream, ct);
            result.AddRange(ledger.Values.Where(e => e.Status == FileStatus.Quarantined).OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => new QuarantinedFile(stream.Key, e.Key, e.Identity, e.Reason, e.RecordedAt, e.LoadId)));
        }
        return result;
    }
}
