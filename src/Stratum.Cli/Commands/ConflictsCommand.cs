using System.CommandLine;
using Spectre.Console;
using Stratum.Cli.Output;
using Stratum.State;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum conflicts list</c>: the versions the tie rule dropped, from the run log.</summary>
public static class ConflictsCommand
{
    public sealed record Conflict(
        string Stream, string Key, DateTimeOffset EventTime, string Kept, string Dropped, string DroppedFrom,
        bool Coarse, DateTimeOffset? DroppedTimeInFile, DateTimeOffset? KeptTimeInFile, string LoadId, DateTimeOffset LoadedAt);

    /// <summary><see cref="Runs"/>: the runs that dropped versions; <see cref="Unlisted"/>: dropped beyond what a run keeps.</summary>
    public sealed record ConflictList(IReadOnlyList<Conflict> Conflicts, long Runs, long Unlisted);

    public static Command Build(GlobalOptions g)
    {
        var tenants = new Option<string[]>("--tenant") { Description = "Only these tenants", AllowMultipleArgumentsPerToken = true };
        var tables = new Option<string[]>("--table") { Description = "Only these tables", AllowMultipleArgumentsPerToken = true };
        var since = new Option<string?>("--since") { Description = "Loads at or after this time (2025-06-21T10:00:00Z) or this long ago (90m, 1d); default 7d" };
        var list = new Command("list", """
            The versions dropped by the tie rule: two different versions of one key at the same event
            time (after truncation to the warehouse's resolution) cannot both be history, so a delete
            beats a version and otherwise the greater hash wins (docs/scd-semantics.md, "Ties").
            Each line names the key, the time, the version kept and the one dropped (hashes), the
            file it came from, and whether the times were equal only at the warehouse's resolution
            ("coarse": the later version may be the one dropped). A run keeps its first 100; its
            count has them all. `stratum check` fails when any were dropped (--max-tie-conflicts).

              stratum conflicts list --table time_entries --since 1d
            """) { tenants, tables, since };
        list.Action(g, async (parse, ws, printer, ct) =>
        {
            var from = VerifyCommand.ParseSince(parse.GetValue(since), ws.Clock.GetUtcNow()) ?? ws.Clock.GetUtcNow().AddDays(-7);
            var only = (await ws.StreamsAsync(parse.GetValue(tenants) ?? [], parse.GetValue(tables) ?? [], ct)).Select(s => s.Stream).ToHashSet();
            var state = await ws.StateAsync(ct);
            var runs = (await state.GetRunsAsync(null, from, ct)).Where(r => r.TieConflicts > 0 && only.Contains(r.Stream)).ToList();
            var conflicts = runs.SelectMany(r => r.Conflicts.Select(c => new Conflict(r.Stream.Key, c.Key, c.EventTime, c.WinnerHash, c.LoserHash, c.LoserFile,
                c.Coarse, c.LoserTimeInFile, c.WinnerTimeInFile, r.LoadId, r.Finished))).ToList();
            var result = new ConflictList(conflicts, runs.Count, runs.Sum(r => r.TieConflicts) - conflicts.Count);
            printer.Result(result, o =>
            {
                if (conflicts.Count == 0 && result.Unlisted == 0)
                {
                    o.MarkupLineInterpolated($"[green]No versions dropped by the tie rule since {from:yyyy-MM-dd HH:mm:ss}.[/]");
                    return;
                }
                var t = new Table().Border(TableBorder.Rounded).AddColumns("stream", "key", "event time", "kept", "dropped", "dropped from", "coarse", "loaded");
                foreach (var c in conflicts)
                {
                    t.AddRow(Markup.Escape(c.Stream), Markup.Escape(c.Key), $"{c.EventTime:yyyy-MM-dd HH:mm:ss.FFFFFF}", Short(c.Kept), Short(c.Dropped), Markup.Escape(c.DroppedFrom),
                        c.Coarse ? $"[yellow]yes[/]{(c.DroppedTimeInFile is { } d ? $" (file: {d:HH:mm:ss.FFFFFF})" : "")}" : "no", $"{c.LoadedAt:yyyy-MM-dd HH:mm:ss}");
                }
                o.Write(t);
                if (result.Unlisted > 0)
                {
                    o.MarkupLineInterpolated($"[yellow]{result.Unlisted} more were dropped than listed (a run keeps its first {ConflictRecord.KeptPerRun}).[/]");
                }
                if (conflicts.Any(c => c.Coarse))
                {
                    o.MarkupLine("[yellow]Coarse: the versions were apart in the files but equal at the warehouse's resolution; a warehouse with sub-second timestamps (ClickHouse DateTime64) keeps both.[/]");
                }
            });
            return ExitCodes.Ok;
        });
        var cmd = new Command("conflicts", "Versions the tie rule dropped (same key, same event time)");
        cmd.Subcommands.Add(list);
        return cmd;
    }

    private static string Short(string hash) => hash.Length > 12 && hash[0] != '(' ? hash[..12] : Markup.Escape(hash);
}
