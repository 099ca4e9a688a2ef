using System.Globalization;
using System.Text;
using static System.Net.WebUtility;

namespace Stratum.Cli.Output.Html;

/// <summary>Horizontal bar charts as inline SVG: no script, no font or style sheet fetched, readable as text.</summary>
public static class SvgBars
{
    public sealed record Bar(string Label, long Value, string Series);

    private const int Width = 720;
    private const int LabelWidth = 230;
    private const int ValueWidth = 110;
    private const int RowHeight = 24;

    public static string Render(string id, string title, IReadOnlyList<Bar> bars, IReadOnlyList<(string Series, string Name)> legend)
    {
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentNullException.ThrowIfNull(legend);
        var legendHeight = legend.Count > 1 ? 22 : 0;
        var height = Math.Max(1, bars.Count) * RowHeight + legendHeight + 8;
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var plot = Width - LabelWidth - ValueWidth;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"{HtmlEncode(id)}\" class=\"chart\" role=\"img\" aria-label=\"{HtmlEncode(title)}\" ")
          .Append(CultureInfo.InvariantCulture, $"width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\"><title>{HtmlEncode(title)}</title>");
        if (bars.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{RowHeight - 8}\" class=\"empty\">nothing to show</text>");
        }
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = legendHeight + (i * RowHeight);
            var w = b.Value == 0 ? 0 : Math.Max(2, (int)Math.Round(plot * (double)b.Value / max));
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"bar {HtmlEncode(b.Series)}\"><text x=\"{LabelWidth - 8}\" y=\"{y + 16}\" text-anchor=\"end\">{HtmlEncode(b.Label)}</text>")
              .Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y + 4}\" width=\"{w}\" height=\"{RowHeight - 8}\"><title>{HtmlEncode(b.Label)}: {b.Value.ToString("N0", CultureInfo.InvariantCulture)}</title></rect>")
              .Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + w + 6}\" y=\"{y + 16}\" class=\"value\">{b.Value.ToString("N0", CultureInfo.InvariantCulture)}</text></g>");
        }
        if (legendHeight > 0)
        {
            var x = LabelWidth;
            foreach (var (series, name) in legend)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<g class=\"legend {HtmlEncode(series)}\"><rect x=\"{x}\" y=\"4\" width=\"12\" height=\"12\"/><text x=\"{x + 16}\" y=\"14\">{HtmlEncode(name)}</text></g>");
                x += 30 + (name.Length * 7);
            }
        }
        return sb.Append("</svg>").ToString();
    }
}
