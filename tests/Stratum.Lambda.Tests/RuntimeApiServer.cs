using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Stratum.Lambda.Tests;

/// <summary>
/// The Lambda Runtime API as the service speaks it (version 2018-06-01), on loopback: invocations
/// queued by the test are handed to whichever bootstrap asks for <c>next</c> (a long poll), with
/// the request id, deadline, function ARN and trace headers; responses and errors are recorded
/// and complete the invocation. An init error is recorded apart.
/// </summary>
public sealed class RuntimeApiServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly ConcurrentDictionary<string, Pending> _handedOut = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RuntimeApiServer()
    {
        // A port found free can be taken before the listener binds it (by another server, or by an
        // outgoing connection's ephemeral port): take another one then.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                _listener = listener;
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; private set; }

    /// <summary>What the bootstrap sets as AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>The errors posted to <c>runtime/init/error</c>.</summary>
    public ConcurrentQueue<InvocationResult> InitErrors { get; } = new();

    /// <summary>Requests for <c>next</c> so far (each bootstrap asks once per invocation, then waits).</summary>
    public int NextRequests => _nextRequests;

    private int _nextRequests;

    /// <summary>Queues an invocation with a deadline <paramref name="deadlineIn"/> from now; completes with its response or error.</summary>
    public Task<InvocationResult> InvokeAsync(string eventJson, TimeSpan deadlineIn)
    {
        var p = new Pending($"req-{Guid.NewGuid():N}", eventJson, DateTimeOffset.UtcNow + deadlineIn);
        _queue.Writer.TryWrite(p);
        return p.Done.Task;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext c)
    {
        var path = c.Request.Url!.AbsolutePath;
        try
        {
            if (c.Request.HttpMethod == "GET" && path == "/2018-06-01/runtime/invocation/next")
            {
                Interlocked.Increment(ref _nextRequests);
                var p = await _queue.Reader.ReadAsync(_stop.Token);
                _handedOut[p.Id] = p;
                c.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = p.Id;
                c.Response.Headers["Lambda-Runtime-Deadline-Ms"] = p.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                c.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:stratum";
                c.Response.Headers["Lambda-Runtime-Trace-Id"] = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";
                await WriteAsync(c, 200, p.Event);
                return;
            }
            var body = await new StreamReader(c.Request.InputStream, Encoding.UTF8).ReadToEndAsync();
            if (c.Request.HttpMethod == "POST" && path == "/2018-06-01/runtime/init/error")
            {
                InitErrors.Enqueue(InvocationResult.Error(body, c.Request.Headers["Lambda-Runtime-Function-Error-Type"]));
                await WriteAsync(c, 202, "{\"status\":\"OK\"}");
                return;
            }
            var parts = path.Split('/');
            // /2018-06-01/runtime/invocation/{id}/{response|error}
            if (c.Request.HttpMethod == "POST" && parts.Length == 6 && parts[3] == "invocation" && _handedOut.TryRemove(Uri.UnescapeDataString(parts[4]), out var done))
            {
                done.Done.TrySetResult(parts[5] == "response"
                    ? InvocationResult.Response(body, done.Deadline)
                    : InvocationResult.Error(body, c.Request.Headers["Lambda-Runtime-Function-Error-Type"], done.Deadline));
                await WriteAsync(c, 202, "{\"status\":\"OK\"}");
                return;
            }
            await WriteAsync(c, 404, "{\"errorMessage\":\"unknown request\",\"errorType\":\"InvalidRequestID\"}");
        }
        catch (OperationCanceledException)
        {
            c.Response.Abort();
        }
        catch (HttpListenerException)
        {
            // The bootstrap went away (killed at the end of a test).
        }
    }

    private static async Task WriteAsync(HttpListenerContext c, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        c.Response.StatusCode = status;
        c.Response.KeepAlive = false; // one request per connection: no pooled connection the listener may close under the client
        c.Response.ContentType = "application/json";
        c.Response.ContentLength64 = bytes.Length;
        await c.Response.OutputStream.WriteAsync(bytes);
        c.Response.Close();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        _stop.Dispose();
    }

    private sealed record Pending(string Id, string Event, DateTimeOffset Deadline)
    {
        public TaskCompletionSource<InvocationResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>An invocation's end as the Runtime API saw it: a response body, or an error (type, message, the error-type header).</summary>
public sealed record InvocationResult(bool Ok, string Body, string? ErrorType, string? ErrorMessage, string? ErrorHeader, DateTimeOffset Deadline, DateTimeOffset At)
{
    public static InvocationResult Response(string body, DateTimeOffset deadline) => new(true, body, null, null, null, deadline, DateTimeOffset.UtcNow);

    public static InvocationResult Error(string body, string? header, DateTimeOffset deadline = default)
    {
        using var doc = JsonDocument.Parse(body);
        return new(false, body, doc.RootElement.GetProperty("errorType").GetString(), doc.RootElement.GetProperty("errorMessage").GetString(), header, deadline, DateTimeOffset.UtcNow);
    }

    public JsonDocument Json() => JsonDocument.Parse(Body);
}
