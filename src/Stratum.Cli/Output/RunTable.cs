using System.Globalization;
using Spectre.Console;
using Stratum.Breaking;
using Stratum.State;

namespace Stratum.Cli.Output;

/// <summary>The summary of loads, one row per stream run: what was read, planned and written.</summary>
public static class RunTable
{
    public static Table Build(IEnumerable<RunRecord> runs)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("stream", "outcome", "files new", "quarantined", "already loaded", "rows read", "inserted", "unchanged", "closed", "deleted", "ties", "seconds");
        foreach (var r in runs)
        {
            var outcome = r.Outcome switch
            {
                // The run did its work, but a person has files to fix: never shown as a plain "loaded".
                LoadOutcome.Loaded when r.FilesQuarantined > 0 && r.FilesCommitted == 0 => "[red]every new file quarantined[/]",
                LoadOutcome.Loaded when r.FilesQuarantined > 0 => "[yellow]loaded, some files quarantined[/]",
                LoadOutcome.Loaded => "[green]loaded[/]",
                LoadOutcome.NothingPending => "[green]up to date[/]",
                LoadOutcome.SkippedLeaseHeld => "[yellow]skipped: another worker holds the lease[/]",
                LoadOutcome.SkippedBreakerOpen => "[red]skipped: circuit breaker open[/]",
                _ => $"[red]{Markup.Escape(r.Outcome.Text())}[/]",
            };
            table.AddRow(
                Markup.Escape(r.Stream.Key), outcome, N(r.FilesCommitted), r.FilesQuarantined > 0 ? $"[red]{r.FilesQuarantined}[/]" : "0",
                N(r.FilesAlreadyLoaded), N(r.RowsRead), N(r.Counts.Inserted), N(r.Counts.Unchanged), N(r.Counts.Closed), N(r.Counts.Deleted),
                r.TieConflicts > 0 ? $"[yellow]{r.TieConflicts}[/]" : "0",
                (r.Finished - r.Started).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        }
        return table;
    }

    public static void WriteErrors(IAnsiConsole console, IEnumerable<RunRecord> runs)
    {
        foreach (var r in runs.Where(r => r.Error is not null))
        {
            console.MarkupLineInterpolated($"[red]{r.Stream.Key}[/]: {r.Error}");
        }
    }

    /// <summary>A breaker's transition as a line for stderr; an opening says how to close it by hand.</summary>
    public static string Line(BreakerTransition t)
        => t.To == BreakerPhase.Open ? $"{t} (`stratum resume {t.Stream}` closes it by hand)" : t.ToString();

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
