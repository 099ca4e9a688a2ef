using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stratum.Configuration;
using Stratum.Cli.Output;
using Stratum.Formats;
using Stratum.Loading;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum verify</c>: replays the committed files of each stream against its table; every version a file holds and the table lacks is a finding.</summary>
public static class VerifyCommand
{
    public sealed record StreamVerification(string Stream, bool Clean, VerifyReport Report, RepairSummary? Repair);

    public sealed record RepairSummary(int FilesPublished, long KeysPublished, bool LeaseHeld, int MissingBefore);

    public sealed record VerifyResult(bool Clean, int Streams, int FilesChecked, long RowsRead, int Missing, IReadOnlyList<StreamVerification> Results);

    public static Command Build(GlobalOptions g)
    {
        var tenants = new Option<string[]>("--tenant") { Description = "Only these tenants", AllowMultipleArgumentsPerToken = true };
        var tables = new Option<string[]>("--table") { Description = "Only these tables", AllowMultipleArgumentsPerToken = true };
        var since = new Option<string?>("--since") { Description = "Only files committed at or after this time (2025-06-21T10:00:00Z) or this long ago (90m, 1d); default: every committed file" };
        var repair = new Option<bool>("--repair") { Description = "Publish the missing versions under the stream's lease (like a load, fenced), then verify again" };
        var cmd = new Command("verify", """
            The end-to-end proof that the tables hold what the files say. For each stream (enabled tenants
            × contracts, or --tenant/--table), every file the ledger records as committed is read again,
            exactly as the loader read it, and replayed through the SCD planner against the table's current
            history. On an intact table the replay changes nothing. Anything it would change is a version (or
            a delete) that a committed file holds and the table lacks: it is reported with the file, the key
            and the time. Versions that were superseded later stay in SCD2 history and are found; SCD1 keeps
            only the latest version, so only what the planner would change counts. Snapshot files are checked
            for their own rows. Quarantined files are not checked; committed files no longer in the store are
            listed. Progress (files re-read) goes to stderr.

            --repair takes the stream's lease (it waits for no one: a stream being loaded is reported as
            busy), publishes the missing versions with the load's publish fence, and verifies again.

            Examples:
              stratum verify                                   every stream, every committed file
              stratum verify --tenant acme --table time_entries --since 1d
              stratum verify --json > verify.json              the findings as one JSON document
              stratum verify --table time_entries --repair     put back what is missing, then prove it

            Exit 0 nothing missing (after --repair: nothing missing any more), 1 versions missing (listed),
            2 could not verify (configuration, unreachable store, lease held during --repair).
            """) { tenants, tables, since, repair };
        cmd.Action(g, async (parse, ws, printer, ct) =>
        {
            var from = ParseSince(parse.GetValue(since), ws.Clock.GetUtcNow());
            var streams = await ws.StreamsAsync(parse.GetValue(tenants) ?? [], parse.GetValue(tables) ?? [], ct);
            if (streams.Count == 0)
            {
                printer.Error($"no streams: no tenants found ({ws.Settings.Tenants}) or no contracts in {ws.Settings.ContractsPath}");
                return ExitCodes.Error;
            }
            var state = await ws.StateAsync(ct);
            var last = 0L;
            var verifier = new StreamVerifier(ws.Objects, state, ws.Warehouse, FileReaders.All, ws.LoaderOptions, ws.Clock)
            {
                Progress = p =>
                {
                    var now = Environment.TickCount64;
                    if (p.FilesDone == p.FilesTotal || now - last >= 2000)
                    {
                        last = now;
                        printer.Progress($"{p.Stream.Key}: {p.FilesDone}/{p.FilesTotal} files re-read, {p.RowsRead:N0} rows");
                    }
                },
            };
            var results = new List<StreamVerification>();
            var busy = false;
            foreach (var (stream, contract) in streams)
            {
                if (!parse.GetValue(repair))
                {
                    var report = await verifier.VerifyAsync(stream, contract, from, ct);
                    results.Add(new StreamVerification(stream.Key, report.Clean, report, null));
                    continue;
                }
                var repaired = await verifier.RepairAsync(stream, contract, from, ct);
                if (repaired is null)
                {
                    busy = true;
                    var report = await verifier.VerifyAsync(stream, contract, from, ct);
                    results.Add(new StreamVerification(stream.Key, report.Clean, report, new RepairSummary(0, 0, LeaseHeld: true, report.Missing.Count)));
                    printer.Error($"{stream.Key}: the stream's lease is held (a load is running); nothing was repaired, try again later");
                    continue;
                }
                results.Add(new StreamVerification(stream.Key, repaired.After.Clean, repaired.After,
                    new RepairSummary(repaired.FilesPublished, repaired.KeysPublished, false, repaired.Before.Missing.Count)));
            }
            var result = new VerifyResult(results.All(r => r.Clean), results.Count, results.Sum(r => r.Report.FilesChecked),
                results.Sum(r => r.Report.RowsRead), results.Sum(r => r.Report.Missing.Count), results);
            printer.Result(result, o => Render(o, result));
            return busy ? ExitCodes.Error : result.Clean ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return cmd;
    }

    /// <summary>A time (ISO 8601, UTC unless it says otherwise) or a duration back from now.</summary>
    public static DateTimeOffset? ParseSince(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            && text.Contains('-', StringComparison.Ordinal))
        {
            return t;
        }
        return now - Durations.Parse(text, "--since");
    }

    private static void Render(IAnsiConsole o, VerifyResult result)
    {
        foreach (var s in result.Results)
        {
            var r = s.Report;
            if (s.Repair is { LeaseHeld: false, MissingBefore: > 0 } rep)
            {
                o.WriteLine($"{s.Stream}: repaired {rep.MissingBefore} missing version(s): {rep.FilesPublished} publish(es), {rep.KeysPublished} key(s).");
            }
            if (!s.Clean)
            {
                o.MarkupLineInterpolated($"[red]{s.Stream}: {r.Missing.Count} version(s) missing from the table, held by {r.FilesWithLosses.Count} committed file(s):[/]");
                var t = new Table().Border(TableBorder.Rounded).AddColumns("file", "key", "time", "missing", "note");
                foreach (var m in r.Missing.Take(200))
                {
                    t.AddRow(Markup.Escape(m.File), Markup.Escape(m.Key), m.Time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture), m.Kind, Markup.Escape(m.Note ?? ""));
                }
                o.Write(t);
                if (r.Missing.Count > 200)
                {
                    o.WriteLine($"… and {r.Missing.Count - 200} more (--json lists all).");
                }
            }
            if (r.Unconfirmed.Count > 0)
            {
                o.MarkupLineInterpolated($"[yellow]{s.Stream}: {r.Unconfirmed.Count} version(s) closed by a delete that no replayed file holds; not every committed file was replayed, so this is not counted as a loss (verify without --since to decide).[/]");
            }
            foreach (var gone in r.Gone.Take(20))
            {
                o.MarkupLineInterpolated($"[yellow]{s.Stream}: committed file no longer in the store, not checked: {gone}[/]");
            }
            foreach (var bad in r.Unreadable.Take(20))
            {
                o.MarkupLineInterpolated($"[yellow]{s.Stream}: committed file no longer reads, not checked: {bad}[/]");
            }
        }
        o.WriteLine(result.Clean
            ? $"Verified {result.Streams} stream(s): {result.FilesChecked:N0} committed files, {result.RowsRead:N0} rows re-read; every version is in the table."
            : $"{result.Missing:N0} version(s) missing on {result.Results.Count(r => !r.Clean)} of {result.Streams} stream(s) ({result.FilesChecked:N0} files, {result.RowsRead:N0} rows re-read). Run with --repair to publish them.");
    }
}
