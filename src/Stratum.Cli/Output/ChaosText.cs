using System.Globalization;
using Spectre.Console;
using Stratum.Simulation.Chaos;

namespace Stratum.Cli.Output;

/// <summary>The campaign's human output: one line per round, the summary, and on failure the seed and the diff.</summary>
public static class ChaosText
{
    public static string RoundLine(RoundResult r, ChaosSettings s)
    {
        var faults = r.Faults.Count == 0 ? "none" : string.Join(" ", r.Faults.Select(f => $"{f.Key}={f.Value}"));
        var verdict = r.Passed ? "ok" : "FAIL";
        var line = string.Create(CultureInfo.InvariantCulture,
            $"round {r.Round} seed {r.Seed} {r.Table}: {r.Files} files ({r.FilesLanded} landed), {r.ExpectedVersions} versions, rows {r.RowsInTable}; faults {faults}; lost {r.Lost} dup {r.Duplicates} extra {r.Unexpected} violations {r.Violations}; rerun {r.RerunOutcome}; {verdict} {r.Seconds:0.0}s");
        if (r.Passed)
        {
            return line;
        }
        var lines = new List<string> { line, $"  FAILED: campaign seed {s.Seed}, round {r.Round}, round seed {r.Seed}; folder {r.Folder}" };
        lines.Add($"  replay: stratum simulate --chaos --round-seed {r.Seed}   (or --seed {s.Seed} --rounds {r.Round})");
        if (!r.Drained)
        {
            lines.Add("  the stream did not drain: files still pending after the drain phase");
        }
        if (!r.RerunUnchanged)
        {
            lines.Add($"  the re-run was not a no-op (outcome {r.RerunOutcome}, or the table changed)");
        }
        lines.AddRange(r.Missing.Select(m => "  missing: " + m));
        lines.AddRange(r.Extra.Select(m => "  extra:   " + m));
        lines.AddRange(r.SampleViolations.Select(m => "  violation: " + m));
        lines.Add("  worker outcomes: " + string.Join(", ", r.Outcomes.Select(o => $"{o.Key} {o.Value}")));
        return string.Join(Environment.NewLine, lines);
    }

    public static void Write(IAnsiConsole o, ChaosSummary s)
    {
        var t = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumns("", "");
        t.AddRow("adapters", Markup.Escape($"objects {s.Objects}; state {s.State}; warehouse {s.Warehouse}"));
        t.AddRow("seed", s.RoundSeed is { } rs ? $"round seed {rs}" : s.Seed.ToString(CultureInfo.InvariantCulture));
        t.AddRow("rounds", $"{s.RoundsPassed}/{s.Rounds} passed");
        t.AddRow("faults injected", Markup.Escape($"{s.FaultsTotal}: " + string.Join(", ", s.Faults.Select(f => $"{f.Key} {f.Value}"))));
        t.AddRow("files", $"{s.Files} generated, {s.FilesLanded} landed (re-deliveries included)");
        t.AddRow("versions", $"{s.Versions} expected, {s.RowsInTables} in the tables");
        t.AddRow("lost versions", V(s.Lost));
        t.AddRow("duplicates", V(s.Duplicates));
        t.AddRow("unexpected rows", V(s.Unexpected));
        t.AddRow("invariant violations", V(s.Violations));
        t.AddRow("rounds not drained", V(s.RoundsNotDrained));
        t.AddRow("re-runs that changed the table", V(s.RerunsThatChanged));
        t.AddRow("worker outcomes", Markup.Escape(string.Join(", ", s.WorkerOutcomes.Select(k => $"{k.Key} {k.Value}"))));
        t.AddRow("wall time", string.Create(CultureInfo.InvariantCulture, $"{s.Seconds:0.0} s"));
        o.Write(t);
        if (s.FirstFailure is { } f)
        {
            o.MarkupLineInterpolated($"[red]FAIL[/]: round {f.Round} (round seed {f.Seed}); replay with `stratum simulate --chaos --round-seed {f.Seed}` or `--seed {s.Seed} --rounds {f.Round}`");
            foreach (var m in f.Missing)
            {
                o.MarkupLineInterpolated($"  [red]missing[/] {m}");
            }
            foreach (var m in f.Extra)
            {
                o.MarkupLineInterpolated($"  [red]extra[/] {m}");
            }
            foreach (var m in f.SampleViolations)
            {
                o.MarkupLineInterpolated($"  [red]violation[/] {m}");
            }
        }
        else
        {
            o.MarkupLine("[green]PASS[/]: every round held every version exactly once, with a correct history, and a re-run changed nothing.");
        }
    }

    private static string V(int n) => n == 0 ? "[green]0[/]" : $"[red]{n}[/]";
}
