using System.Net.Http.Json;
using System.Text;

namespace Stratum.Hosting.Checks;

/// <summary>
/// Posts a failed check as JSON to a webhook. The <c>text</c> field lists what failed, so a chat
/// incoming webhook shows it as it is; <c>failed</c> has the same as data. The URL is a secret
/// (chat webhooks carry their token in the path or query): only its scheme and host are ever shown.
/// </summary>
public static class WebhookAlert
{
    public const int MaxLines = 20;

    public sealed record Payload(string Text, string Source, DateTimeOffset CheckedAt, IReadOnlyList<CheckRun.Item> Failed);

    public static Payload Build(CheckRun run)
    {
        var failed = run.Failed.ToList();
        var streams = failed.Where(f => f.Stream != CheckRun.LandingStream).Select(f => f.Stream).Distinct(StringComparer.Ordinal).Count();
        var text = new StringBuilder($"Stratum check failed: {failed.Count} of {run.Results.Count} checks on {streams} of {run.Streams} streams");
        if (failed.Any(f => f.Stream == CheckRun.LandingStream))
        {
            text.Append($" and on the landing root ({run.Unloadable.Count} never loaded)");
        }
        foreach (var f in failed.Take(MaxLines))
        {
            text.Append($"\n- {f.Stream} {f.Check}: {f.Measured} (threshold {f.Threshold})");
        }
        if (failed.Count > MaxLines)
        {
            text.Append($"\n- and {failed.Count - MaxLines} more");
        }
        return new Payload(text.ToString(), "stratum", run.CheckedAt, failed);
    }

    /// <summary>Posts the payload; throws <see cref="StratumException"/> with a message that never contains the URL's path or query.</summary>
    public static async Task PostAsync(HttpClient http, Uri url, Payload payload, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(url, payload, HostJson.Options, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new StratumException($"the webhook at {Redact(url)} answered {(int)response.StatusCode} {response.ReasonPhrase}", isTransient: (int)response.StatusCode >= 500);
            }
        }
        catch (HttpRequestException e)
        {
            throw new StratumException($"the webhook at {Redact(url)} could not be reached: {e.HttpRequestError}", isTransient: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StratumException($"the webhook at {Redact(url)} did not answer in {http.Timeout.TotalSeconds:0}s", isTransient: true);
        }
    }

    /// <summary>Scheme and host only.</summary>
    public static string Redact(Uri url) => $"{url.Scheme}://{url.Authority}/…";
}
