using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Stratum.Lambda.RuntimeApi;

/// <summary>
/// The Lambda Runtime API (version 2018-06-01) over HTTP, at the host and port the runtime gives
/// in <c>AWS_LAMBDA_RUNTIME_API</c>: <c>GET runtime/invocation/next</c> (a long poll: no timeout),
/// <c>POST runtime/invocation/{id}/response</c>, <c>…/{id}/error</c> and <c>runtime/init/error</c>.
/// An error is the documented JSON body (<c>errorMessage</c>, <c>errorType</c>, <c>stackTrace</c>)
/// with the <c>Lambda-Runtime-Function-Error-Type</c> header.
/// </summary>
internal sealed class RuntimeApiClient : IDisposable
{
    private const string Version = "2018-06-01";
    private readonly HttpClient _http;

    public RuntimeApiClient(string hostAndPort)
    {
        _http = new HttpClient { BaseAddress = new Uri($"http://{hostAndPort}/{Version}/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Waits for the next invocation (the runtime freezes the process here between invocations).</summary>
    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("runtime/invocation/next", cancellationToken);
        response.EnsureSuccessStatusCode();
        string? Header(string name) => response.Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null;
        var id = Header("Lambda-Runtime-Aws-Request-Id") ?? throw new InvalidOperationException("the Runtime API's next invocation has no Lambda-Runtime-Aws-Request-Id header");
        var deadline = long.TryParse(Header("Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw new InvalidOperationException($"invocation {id}: the Lambda-Runtime-Deadline-Ms header is missing or not a number");
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new Invocation(id, deadline, Header("Lambda-Runtime-Invoked-Function-Arn"), Header("Lambda-Runtime-Trace-Id"), body);
    }

    /// <summary>The invocation's answer (JSON).</summary>
    public Task RespondAsync(string requestId, string json, CancellationToken cancellationToken)
        => PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/response", new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    /// <summary>The invocation failed: Lambda counts an error and, for asynchronous events, retries it.</summary>
    public Task ReportErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken)
        => PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", ErrorContent(error), cancellationToken);

    /// <summary>The function could not start (bad configuration): Lambda reports it and ends the environment.</summary>
    public Task ReportInitErrorAsync(LambdaError error, CancellationToken cancellationToken)
        => PostAsync("runtime/init/error", ErrorContent(error), cancellationToken);

    private static StringContent ErrorContent(LambdaError error)
    {
        var content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["errorMessage"] = error.Message,
            ["errorType"] = error.Type,
            ["stackTrace"] = Array.Empty<string>(), // the message says what went wrong; a stack trace is in the function's log
        }), Encoding.UTF8, "application/json");
        return content;
    }

    /// <summary>
    /// Posts once, and once more on a fresh connection when the first could not be sent (a
    /// connection the runtime closed under us): an answer that is lost fails the invocation for
    /// nothing. A second post of an answer that did arrive is refused by the runtime, and says so.
    /// </summary>
    private async Task PostAsync(string path, HttpContent content, CancellationToken cancellationToken)
    {
        var body = await content.ReadAsByteArrayAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = content.Headers.ContentType;
            if (path.EndsWith("/error", StringComparison.Ordinal))
            {
                request.Headers.Add("Lambda-Runtime-Function-Error-Type", "Unhandled");
            }
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.ConnectionClose = attempt > 1;
            try
            {
                using var response = await _http.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (attempt == 1 && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
