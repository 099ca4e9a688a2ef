using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Stratum.Cli.Tests.Ops;

/// <summary><c>stratum serve</c> as a separate process on a free loopback port, with its output kept for diagnostics.</summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public Uri Url => _url.Task.Result;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    public static async Task<ServeProcess> StartAsync(string dir, params string[] args)
    {
        var p = new ServeProcess(Process.Start(StratumProcess.StartInfo(dir, ["serve", "--listen", "127.0.0.1:0", .. args]))!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await p._url.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await p.DisposeAsync();
            throw new TimeoutException($"serve did not say where it listens:\n{p.Output}");
        }
        return p;
    }

    public async Task<JsonElement> StatusAsync() => JsonDocument.Parse(await Http.GetStringAsync(new Uri(Url, "/api/status"))).RootElement;

    /// <summary>Polls /api/status until <paramref name="done"/> holds (bounded: at most <paramref name="seconds"/>, then fails with the log).</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> done, string what, int seconds = 120)
    {
        var until = Stopwatch.StartNew();
        while (true)
        {
            var status = await StatusAsync();
            if (done(status))
            {
                return status;
            }
            if (until.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                Assert.Fail($"serve never reached: {what}\nlast status: {status}\n{Output}");
            }
            await Task.Delay(200);
        }
    }

    public static JsonElement Stream(JsonElement status, string stream)
        => status.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("stream").GetString() == stream);

    /// <summary>A number of a stream, or -1 before the first probe measured it.</summary>
    public static long Figure(JsonElement status, string stream, string field)
        => status.GetProperty("streams").EnumerateArray().Where(s => s.GetProperty("stream").GetString() == stream)
            .Select(s => s.GetProperty(field).GetInt64()).DefaultIfEmpty(-1).First();

    /// <summary>Sends SIGTERM, as systemd and Kubernetes do, and waits for the process to end.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("/bin/sh", ["-c", $"kill -TERM {_process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}"])!)
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Http.Dispose();
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        if (Listening().Match(line) is { Success: true } m)
        {
            _url.TrySetResult(new Uri(m.Groups[1].Value));
        }
    }
}
