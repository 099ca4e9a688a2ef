using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stratum.Aws.Tests;

/// <summary>What <see cref="FaultProxy"/> does with one request.</summary>
internal enum Fault
{
    /// <summary>Forward it and pass the answer back.</summary>
    None,

    /// <summary>Answer "slow down" without forwarding (S3: 503 SlowDown; DynamoDB: 400 ThrottlingException).</summary>
    Throttle,

    /// <summary>Forward it (the server applies it), then answer 500 as if the answer was lost.</summary>
    LoseAnswer,

    /// <summary>Answer 403 AccessDenied without forwarding.</summary>
    Deny,
}

/// <summary>
/// A loopback HTTP proxy in front of s3rver or dynalite that injects faults by plan, to prove the
/// retry policy (throttling and 5xx retried, 4xx not) and idempotence under lost answers. The Host
/// header is forwarded as received, so request signatures still verify.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Uri _target;
    private readonly bool _dynamo;
    private readonly Func<FaultRequest, Fault> _plan;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private int _requests;

    public FaultProxy(Uri target, bool dynamo, Func<FaultRequest, Fault> plan)
    {
        _target = target;
        _dynamo = dynamo;
        _plan = plan;
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; }

    public int Requests => Volatile.Read(ref _requests);

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var n = Interlocked.Increment(ref _requests);
        var operation = _dynamo ? request.Headers["X-Amz-Target"] ?? "" : $"{request.HttpMethod} {request.Url!.AbsolutePath}";
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        var fingerprint = operation + "\n" + request.Url!.Query + "\n" + Convert.ToBase64String(body.ToArray());
        var repeat = _seen.AddOrUpdate(fingerprint, 0, (_, count) => count + 1);
        var fault = _plan(new FaultRequest(n, operation, repeat));
        try
        {
            if (fault is Fault.Throttle or Fault.Deny)
            {
                await ErrorAsync(context.Response, fault);
                return;
            }
            using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(_target, request.RawUrl));
            forward.Content = new ByteArrayContent(body.ToArray());
            foreach (string name in request.Headers)
            {
                if (name is "Connection" or "Content-Length" or "Transfer-Encoding" or "Expect" or "Keep-Alive")
                {
                    continue;
                }
                var value = request.Headers[name]!;
                if (!forward.Headers.TryAddWithoutValidation(name, value))
                {
                    forward.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }
            using var answer = await _client.SendAsync(forward);
            var bytes = await answer.Content.ReadAsByteArrayAsync();
            if (fault == Fault.LoseAnswer)
            {
                await ErrorAsync(context.Response, fault);
                return;
            }
            context.Response.StatusCode = (int)answer.StatusCode;
            foreach (var header in answer.Headers.Concat(answer.Content.Headers))
            {
                if (header.Key is "Transfer-Encoding" or "Content-Length" or "Connection" or "Keep-Alive")
                {
                    continue;
                }
                context.Response.Headers[header.Key] = string.Join(",", header.Value);
            }
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or HttpRequestException)
        {
            context.Response.Abort();
        }
    }

    private async Task ErrorAsync(HttpListenerResponse response, Fault fault)
    {
        var (status, code) = fault switch
        {
            Fault.Throttle => _dynamo ? (400, "ThrottlingException") : (503, "SlowDown"),
            Fault.Deny => _dynamo ? (400, "AccessDeniedException") : (403, "AccessDenied"),
            _ => _dynamo ? (500, "InternalServerError") : (500, "InternalError"),
        };
        var text = _dynamo
            ? $"{{\"__type\":\"com.amazonaws.dynamodb.v20120810#{code}\",\"message\":\"injected {code}\"}}"
            : $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>injected {code}</Message><RequestId>1</RequestId></Error>";
        var bytes = Encoding.UTF8.GetBytes(text);
        response.StatusCode = status;
        response.ContentType = _dynamo ? "application/x-amz-json-1.0" : "application/xml";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
        _client.Dispose();
    }
}
