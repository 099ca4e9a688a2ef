using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stratum.Breaking;
using Stratum.Configuration;
using Stratum.Cli.Output;
using Stratum.Formats;
using Stratum.Names;
using Stratum.Objects;
using Stratum.State;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum status</c>: per stream, what is loaded, pending and quarantined, and how fresh.</summary>
public static class StatusCommand
{
    /// <summary>
    /// One stream's figures. <see cref="Breaker"/> is its circuit breaker: <c>closed</c>, <c>open</c>
    /// (passes skip it until <see cref="BreakerOpenUntil"/>) or <c>half-open</c> (the next pass tries
    /// one load), with the failed loads in a row and the last error.
    /// </summary>
    public sealed record StreamStatus(
        string Stream, long FilesCommitted, long FilesPending, long FilesQuarantined, long RowsCommitted,
        DateTimeOffset? LastLoad, LoadOutcome? LastOutcome, DateTimeOffset? NewestData, double? LagSeconds,
        long Runs24h, long Failures24h, long LeaseSkips24h, long TieConflicts24h,
        string Breaker, DateTimeOffset? BreakerOpenUntil, int BreakerFailures, string? BreakerError);

    /// <summary>The <c>--json</c> form: the streams, and what landed that will never be loaded.</summary>
    public sealed record StatusResult(IReadOnlyList<StreamStatus> Streams, IReadOnlyList<UnloadableObject> Unloadable);

    public static Command Build(GlobalOptions g)
    {
        var tenants = new Option<string[]>("--tenant") { Description = "Only these tenants", AllowMultipleArgumentsPerToken = true };
        var tables = new Option<string[]>("--table") { Description = "Only these tables", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("status", """
            Per stream: files committed, pending (landed, not yet loaded) and quarantined; the last load;
            the newest data loaded and the lag behind now (freshness); loads, failures and lease skips
            (the idempotency hit rate) in the last 24 hours, and the versions the tie rule dropped
            (`stratum conflicts list` names them), and the stream's circuit breaker (closed; open until
            when, after how many failed loads in a row; half-open: the next pass tries one load;
            `stratum resume TENANT/TABLE` closes it). Then what landed that will never be loaded,
            with the reason: folders that are not tenants or tables with a contract, files outside a
            table folder, files no reader reads (until a load quarantines them).
            """) { tenants, tables };
        cmd.Action(g, async (parse, ws, printer, ct) =>
        {
            var state = await ws.StateAsync(ct);
            var now = ws.Clock.GetUtcNow();
            var (streams, landing) = await ws.SurveyAsync(parse.GetValue(tenants) ?? [], parse.GetValue(tables) ?? [], ct);
            var unloadable = landing.ToList();
            var runs = await state.GetRunsAsync(null, now.AddDays(-1), ct);
            var result = new List<StreamStatus>();
            foreach (var (stream, _) in streams)
            {
                var ledger = await state.GetLedgerAsync(stream, ct);
                long pending = 0;
                await foreach (var f in ws.Objects.ListAsync(stream.Prefix, ct))
                {
                    pending += ledger.Holds(f) ? 0 : 1;
                    if (!ledger.Holds(f) && !LandingSurvey.Readable(f.Key, FileReaders.All))
                    {
                        unloadable.Add(LandingSurvey.UnsupportedFile(stream, f.Key));
                    }
                }
                var committed = ledger.Values.Where(e => e.Status == FileStatus.Committed).ToList();
                var mine = runs.Where(r => r.Stream == stream && r.Outcome != LoadOutcome.SkippedBreakerOpen).ToList();
                var last = mine.FirstOrDefault(r => !r.Outcome.IsSkip());
                var breaker = await state.GetBreakerAsync(stream, ct);
                var newest = committed.Select(e => e.NewestEventTime).Max();
                result.Add(new StreamStatus(stream.Key, committed.Count, pending,
                    ledger.Values.Count(e => e.Status == FileStatus.Quarantined), committed.Sum(e => e.Rows),
                    last?.Finished, last?.Outcome, newest, newest is { } n ? (now - n).TotalSeconds : null,
                    mine.Count, mine.Count(r => r.Outcome == LoadOutcome.Failed), mine.Count(r => r.Outcome == LoadOutcome.SkippedLeaseHeld),
                    mine.Sum(r => r.TieConflicts),
                    BreakerTransition.Text(breaker.PhaseAt(now)), breaker.OpenUntil, breaker.ConsecutiveFailures, breaker.LastError));
            }
            unloadable.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            printer.Result(new StatusResult(result, unloadable), o =>
            {
                var t = new Table().Border(TableBorder.Rounded).AddColumns("stream", "committed", "pending", "quarantined", "rows", "last load", "newest data", "lag", "loads 24h", "failed", "lease skips", "ties 24h", "breaker");
                foreach (var s in result)
                {
                    t.AddRow(Markup.Escape(s.Stream), N(s.FilesCommitted), s.FilesPending > 0 ? $"[yellow]{s.FilesPending}[/]" : "0",
                        s.FilesQuarantined > 0 ? $"[red]{s.FilesQuarantined}[/]" : "0", N(s.RowsCommitted),
                        s.LastLoad is { } l ? $"{l:yyyy-MM-dd HH:mm:ss} {Markup.Escape(s.LastOutcome?.Text() ?? "")}" : "never",
                        s.NewestData is { } d ? $"{d:yyyy-MM-dd HH:mm:ss}" : "-",
                        s.LagSeconds is { } lag ? Durations.Format(TimeSpan.FromSeconds(lag)) : "-",
                        N(s.Runs24h), s.Failures24h > 0 ? $"[red]{s.Failures24h}[/]" : "0", N(s.LeaseSkips24h),
                        s.TieConflicts24h > 0 ? $"[yellow]{s.TieConflicts24h}[/]" : "0",
                        s.Breaker switch
                        {
                            "open" => $"[red]open until {s.BreakerOpenUntil:yyyy-MM-dd HH:mm:ss}Z ({s.BreakerFailures} failed)[/]",
                            "half-open" => "[yellow]half-open: next pass tries[/]",
                            _ => s.BreakerFailures > 0 ? $"closed ({s.BreakerFailures} failed)" : "closed",
                        });
                }
                o.Write(t);
                foreach (var s in result.Where(s => s.Breaker != "closed"))
                {
                    o.MarkupLineInterpolated($"[red]{s.Stream}[/]: circuit breaker {s.Breaker} after {s.BreakerFailures} failed loads in a row; last error: {s.BreakerError ?? "-"}. `stratum resume {s.Stream}` closes it.");
                }
                UnloadableText.Write(o, unloadable);
            });
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
