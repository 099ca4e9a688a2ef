using System.Globalization;
using System.Text;
using Stratum.Audit;
using static System.Net.WebUtility;

namespace Stratum.Cli.Output.Html;

/// <summary>
/// The audit report as one self-contained HTML file: inline CSS, inline SVG charts (duplicate group
/// sizes, findings by tenant, violations by kind), no script and nothing loaded from the network, so it
/// opens anywhere (a mail attachment, an air-gapped laptop) and prints well.
/// </summary>
public static class AuditHtml
{
    public static string Render(AuditReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var d = r.ExactDuplicates;
        var v = r.VersionDuplicates;
        var sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>Stratum audit: {E(r.Table)}</title><style>{Css}</style></head><body>");
        sb.Append(CultureInfo.InvariantCulture, $"<header><h1>Audit of <code>{E(r.Table)}</code>{(r.Tenant is null ? "" : $" — tenant {E(r.Tenant)}")}</h1>")
          .Append(CultureInfo.InvariantCulture, $"<p>{E(r.Warehouse)} · {r.GeneratedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC · read as ")
          .Append(E($"{(r.Columns.HasContract ? "a Stratum table" : "a legacy table")}: key {string.Join(", ", r.Columns.Key)}, version {r.Columns.Version}"))
          .Append(CultureInfo.InvariantCulture, $"</p><p id=\"verdict\" class=\"{(r.Clean ? "clean" : "findings")}\">{(r.Clean ? "CLEAN: no exact duplicates, no SCD2 violations" : "FINDINGS")}</p></header>");

        sb.Append("<section id=\"summary\" class=\"cards\">")
          .Append(Card("total-rows", "rows", N(r.TotalRows), $"{N(r.UniqueRows)} unique · {N(r.CurrentRows)} current"))
          .Append(Card("duplicate-rows", "exact duplicate rows", N(d.DuplicateRows), $"{P(d.Percent)}% of rows · {N(d.Groups)} groups"))
          .Append(Card("version-duplicates", "rows sharing tenant, key and version", N(v.DuplicateRows), $"{P(v.Percent)}% · the incident report's measure"))
          .Append(Card("violation-count", "SCD2 violations", N(r.ViolationCount), $"{r.Violations.Count} kind(s) · {N(r.Keys)} keys in the table"))
          .Append("</section>");

        sb.Append("<section id=\"duplicates\"><h2>Exact duplicates</h2><p>Rows equal in every column")
          .Append(r.Columns.IdentityExcludes.Count > 0 ? E($" except {string.Join(", ", r.Columns.IdentityExcludes)}") : "").Append(".</p>");
        sb.Append("<figure>").Append(SvgBars.Render("chart-group-sizes", "Duplicate groups by size",
            [.. d.GroupSizes.Select(g => new SvgBars.Bar($"{N(g.Size)} copies", g.Groups, "dup"))], [("dup", "groups")]))
          .Append("<figcaption>Duplicate groups by number of copies</figcaption></figure>");
        sb.Append("<ul id=\"diagnosis\">").Append(string.Concat(d.Diagnosis.Select(l => $"<li>{E(l)}</li>"))).Append("</ul>");
        sb.Append(Table("by-tenant", ["tenant", "rows", "unique rows", "duplicate rows", "groups"],
            d.ByTenant.Select(t => new[] { t.Tenant, N(t.Rows), N(t.UniqueRows), N(t.DuplicateRows), N(t.Groups) })));
        sb.Append(Table("by-is-current", ["is_current", "duplicate rows", "groups"],
            d.ByIsCurrent.Select(c => new[] { c.IsCurrent ? "true" : "false", N(c.DuplicateRows), N(c.Groups) })));
        foreach (var l in d.ByLineage)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<h3>By {E(l.Column.Value)} ({N(l.DistinctValues)} values)</h3>")
              .Append(Table($"by-{l.Column.Value}", [l.Column.Value, "rows in duplicate groups", "groups"], l.Values.Select(x => new[] { x.Value, N(x.Rows), N(x.Groups) })));
        }
        if (d.Span is { } s)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p id=\"span\">Written ({E(s.Column)}): largest span {N(s.MaxSeconds)} s; within 1 s: {N(s.Within1Second)}, 1 min: {N(s.Within1Minute)}, 1 h: {N(s.Within1Hour)} of {N(s.Groups)} groups.</p>");
        }
        sb.Append(Table("duplicate-samples", ["tenant", "key", "version", "is_current", "copies"],
            d.Samples.Select(x => new[] { x.Tenant, x.Key, x.Version?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "", x.IsCurrent ? "true" : "false", N(x.Copies) })));
        sb.Append("</section>");

        var tenants = d.ByTenant.Select(t => t.Tenant).Union(r.Violations.SelectMany(f => f.ByTenant.Select(t => t.Tenant))).Order(StringComparer.Ordinal).ToList();
        var byTenant = tenants.SelectMany(t => new[]
        {
            new SvgBars.Bar($"{t}: duplicates", d.ByTenant.Where(x => x.Tenant == t).Sum(x => x.DuplicateRows), "dup"),
            new SvgBars.Bar($"{t}: violations", r.Violations.SelectMany(f => f.ByTenant).Where(x => x.Tenant == t).Sum(x => x.Count), "scd"),
        }).ToList();
        sb.Append("<section id=\"findings-by-tenant\"><h2>Findings by tenant</h2><figure>")
          .Append(SvgBars.Render("chart-tenants", "Findings by tenant", byTenant, [("dup", "duplicate rows"), ("scd", "SCD2 violations")]))
          .Append("<figcaption>Exact duplicate rows and SCD2 violations per tenant</figcaption></figure></section>");

        sb.Append("<section id=\"violations\"><h2>SCD2 violations</h2>");
        sb.Append(SvgBars.Render("chart-violations", "SCD2 violations by kind", [.. r.Violations.Select(f => new SvgBars.Bar(FindingText.Name(f.Kind), f.Count, "scd"))], [("scd", "violations")]));
        sb.Append(Table("violation-table", ["kind", "count", "keys", "what it means", "stratum clean scd"],
            r.Violations.Select(f => new[] { FindingText.Name(f.Kind), N(f.Count), N(f.Keys), f.Description, f.Repairable ? "rebuilds the key" : "left as is" })));
        foreach (var f in r.Violations)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<details><summary>{E(FindingText.Name(f.Kind))}: samples</summary><ul>");
            foreach (var x in f.Samples)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<li><code>{E(x.Tenant)}/{E(x.Key)}</code> ({N(x.Count)})<pre>{E(string.Join("\n", x.History))}</pre></li>");
            }
            sb.Append("</ul></details>");
        }
        sb.Append("</section><footer>Produced by <code>stratum audit</code>. Self-contained: no scripts, nothing loaded from the network.</footer></body></html>\n");
        return sb.ToString();
    }

    private static string Card(string id, string label, string value, string note)
        => $"<div class=\"card\" id=\"{id}\"><div class=\"label\">{E(label)}</div><div class=\"value\">{E(value)}</div><div class=\"note\">{E(note)}</div></div>";

    private static string Table(string id, IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        var sb = new StringBuilder($"<table id=\"{E(id)}\"><thead><tr>");
        sb.Append(string.Concat(headers.Select(h => $"<th>{E(h)}</th>"))).Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    private static string E(string text) => HtmlEncode(text);

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string P(double p) => p.ToString("0.00", CultureInfo.InvariantCulture);

    private const string Css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:960px;color:#1d2330;padding:0 1rem}
        h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid #dde2ea;padding-bottom:.25rem}
        code{background:#f1f3f7;padding:0 .25rem;border-radius:3px}
        #verdict{font-weight:600;display:inline-block;padding:.2rem .6rem;border-radius:4px}
        #verdict.clean{background:#e3f6e8;color:#17662e}#verdict.findings{background:#fde8e8;color:#9b1c1c}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:.75rem;margin:1rem 0}
        .card{border:1px solid #dde2ea;border-radius:6px;padding:.75rem}.card .label{color:#5b6475;font-size:.85rem}
        .card .value{font-size:1.6rem;font-weight:600}.card .note{color:#5b6475;font-size:.8rem}
        table{border-collapse:collapse;margin:.75rem 0;width:100%}th,td{border-bottom:1px solid #e6e9ef;padding:.3rem .5rem;text-align:left}
        th{background:#f6f7fa;font-weight:600}td:not(:first-child){font-variant-numeric:tabular-nums}
        figure{margin:.5rem 0}figcaption{color:#5b6475;font-size:.85rem}
        svg.chart text{font-size:12px;fill:#1d2330}svg.chart .value{fill:#5b6475}svg.chart .empty{fill:#5b6475}
        .dup rect{fill:#d9822b}.scd rect{fill:#3b6fd8}
        pre{background:#f6f7fa;padding:.5rem;overflow:auto;font-size:12px}
        footer{margin-top:2rem;color:#5b6475;font-size:.8rem}
        @media print{details{display:block}}
        """;
}
