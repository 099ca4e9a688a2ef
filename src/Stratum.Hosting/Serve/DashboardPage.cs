using System.Reflection;

namespace Stratum.Hosting.Serve;

/// <summary>
/// The dashboard: one HTML page (Serve/dashboard.html, embedded) with its CSS and script inline and
/// the current status as JSON inside it, so it shows figures at once and needs no network; it then
/// refreshes itself from <c>/api/status</c>.
/// </summary>
public static class DashboardPage
{
    private const string Placeholder = "/*STATUS*/null";

    private static readonly Lazy<string> Template = new(() =>
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("serve/dashboard.html")
            ?? throw new InvalidOperationException("the dashboard page is missing from the build");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    });

    /// <summary>The page with <paramref name="statusJson"/> inlined. The JSON comes from System.Text.Json,
    /// which escapes &lt; &gt; &amp; and quotes, so no value can close the script element.</summary>
    public static string Render(string statusJson) => Template.Value.Replace(Placeholder, statusJson, StringComparison.Ordinal);
}
