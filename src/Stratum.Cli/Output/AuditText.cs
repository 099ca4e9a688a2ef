using System.Globalization;
using Spectre.Console;
using Stratum.Audit;

namespace Stratum.Cli.Output;

/// <summary>An audit report as readable tables: totals, exact duplicates with their diagnosis, the
/// incident's own measure, and every SCD2 violation with samples.</summary>
public static class AuditText
{
    public static void Write(IAnsiConsole o, AuditReport r)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(r);
        var c = r.Columns;
        o.MarkupLineInterpolated($"[bold]audit of {r.Table}[/]{(r.Tenant is null ? "" : $" (tenant {r.Tenant})")} in {r.Warehouse}");
        var readAs = $"read as: {(c.HasContract ? "Stratum contract" : "legacy table")}; key {string.Join(", ", c.Key)}; version {c.Version}; tenant {c.Tenant}; "
                     + $"{c.EffectiveDate} / {c.ExpirationDate} / {c.IsCurrent}"
                     + (c.IdentityExcludes.Count > 0 ? $"; identity leaves out {string.Join(", ", c.IdentityExcludes)}" : "");
        o.MarkupLine(Markup.Escape(readAs));
        var totals = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumns("", "");
        totals.AddRow("rows", N(r.TotalRows));
        totals.AddRow("unique rows", N(r.UniqueRows));
        totals.AddRow("current rows", N(r.CurrentRows));
        totals.AddRow("keys / versions", $"{N(r.Keys)} / {N(r.Versions)}");
        totals.AddRow("tenants", N(r.Tenants));
        o.Write(totals);

        var d = r.ExactDuplicates;
        o.MarkupLine("[bold]Exact duplicates[/] (rows equal in every identity column)");
        o.MarkupLine($"  duplicate rows: {Count(d.DuplicateRows)} ({P(d.Percent)}%) in {N(d.Groups)} groups");
        if (d.Groups > 0)
        {
            o.MarkupLineInterpolated($"  group sizes: {string.Join(", ", d.GroupSizes.Select(g => $"{N(g.Size)} copies × {N(g.Groups)}"))}");
            o.MarkupLineInterpolated($"  by is_current: {string.Join(", ", d.ByIsCurrent.Select(x => $"{(x.IsCurrent ? "true" : "false")} {N(x.DuplicateRows)} rows in {N(x.Groups)} groups"))}");
            var byTenant = new Table().Border(TableBorder.Rounded).AddColumns("tenant", "rows", "unique", "duplicate rows", "groups");
            foreach (var t in d.ByTenant)
            {
                byTenant.AddRow(Markup.Escape(t.Tenant), N(t.Rows), N(t.UniqueRows), Count(t.DuplicateRows), N(t.Groups));
            }
            o.Write(byTenant);
            foreach (var l in d.ByLineage)
            {
                o.MarkupLineInterpolated($"  by {l.Column} ({N(l.DistinctValues)} values): {string.Join(", ", l.Values.Select(v => $"{v.Value} {N(v.Rows)} rows/{N(v.Groups)} groups"))}");
            }
            if (d.Span is { } s)
            {
                o.MarkupLineInterpolated($"  written ({s.Column}): largest span {N(s.MaxSeconds)} s; within 1 s {N(s.Within1Second)}, 1 min {N(s.Within1Minute)}, 1 h {N(s.Within1Hour)} of {N(s.Groups)} groups");
            }
            var samples = new Table().Border(TableBorder.Rounded).AddColumns("tenant", "key", "version", "is_current", "copies");
            foreach (var x in d.Samples)
            {
                samples.AddRow(Markup.Escape(x.Tenant), Markup.Escape(x.Key), T(x.Version), x.IsCurrent ? "true" : "false", N(x.Copies));
            }
            o.Write(samples);
        }
        foreach (var line in d.Diagnosis)
        {
            o.MarkupLineInterpolated($"  [italic]{line}[/]");
        }

        var v = r.VersionDuplicates;
        o.MarkupLine("[bold]Rows sharing tenant, key and version[/] (the incident report's measure)");
        o.MarkupLine($"  duplicate rows: {Count(v.DuplicateRows)} ({P(v.Percent)}%) in {N(v.Groups)} groups");

        o.MarkupLineInterpolated($"[bold]SCD2 violations[/]{(c.GapsAllowed ? " (gaps allowed: the table has deletes)" : "")}");
        if (r.Violations.Count == 0)
        {
            o.MarkupLine("  [green]none[/]");
        }
        else
        {
            var t = new Table().Border(TableBorder.Rounded).AddColumns("kind", "count", "keys", "what it means", "clean scd");
            foreach (var f in r.Violations)
            {
                t.AddRow(FindingText.Name(f.Kind), Count(f.Count), N(f.Keys), Markup.Escape(f.Description), f.Repairable ? "rebuilds" : "[yellow]left as is[/]");
            }
            o.Write(t);
            foreach (var sample in r.Violations.SelectMany(f => f.Samples.Take(2)))
            {
                o.MarkupLineInterpolated($"  [dim]{FindingText.Name(sample.Kind)}[/] {sample.Tenant}/{sample.Key}: {sample.Count}");
                foreach (var h in sample.History)
                {
                    o.MarkupLineInterpolated($"      {h}");
                }
            }
        }
        o.MarkupLine(r.Clean
            ? "[green]CLEAN[/]: no exact duplicates, no SCD2 violations."
            : $"[red]FINDINGS[/]: {N(d.DuplicateRows)} duplicate rows, {N(r.ViolationCount)} SCD2 violations. "
              + Markup.Escape($"`stratum clean duplicates|scd --table {r.Table}` shows the repair (dry run by default)."));
    }

    private static string Count(long n) => n == 0 ? "[green]0[/]" : $"[red]{N(n)}[/]";

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string P(double p) => p.ToString("0.00", CultureInfo.InvariantCulture);

    private static string T(DateTime? t) => t?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
}
