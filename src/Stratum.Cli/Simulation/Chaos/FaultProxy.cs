using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stratum.Cli.Simulation.Chaos;

/// <summary>
/// A loopback TCP proxy in front of a real server (ClickHouse's HTTP interface, an S3 endpoint) that
/// injects transient network faults, chosen per connection from a seeded random source: a delay
/// before the connection is forwarded, a dropped connection (closed before or while a request is in
/// flight), a 503 answered without forwarding, or an answer cut mid-body. Bytes are forwarded as
/// received (the Host header included, so request signatures still verify). When <see cref="Enabled"/>
/// is false every connection is forwarded untouched. <see cref="OnStatement"/> sees the requests'
/// bytes as they pass, to kill a worker while it publishes.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly FaultCounter _counter;
    private readonly List<Task> _connections = [];

    public FaultProxy(string name, string targetHost, int targetPort, int seed, double faultRate, FaultCounter counter)
    {
        Name = name;
        _targetHost = targetHost;
        _targetPort = targetPort;
        _random = new Random(seed);
        FaultRate = faultRate;
        _counter = counter;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>Share of new connections that get a fault.</summary>
    public double FaultRate { get; }

    /// <summary>Faults are injected only while this is true (the drain phase turns it off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A marker looked for in requests (e.g. <c>REPLACE PARTITION</c>), and what to do once it has been forwarded.</summary>
    public (string Marker, Action Hook)? OnStatement { get; set; }

    private enum Kind { None, Delay, Drop, Error5xx, Cut }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var task = Task.Run(() => HandleAsync(client));
            lock (_lock)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    private (Kind Kind, int Amount) Choose()
    {
        lock (_lock)
        {
            var roll = _random.NextDouble();
            var amount = _random.Next(1, 1_000_000);
            if (!Enabled || roll >= FaultRate)
            {
                return (Kind.None, amount);
            }
            return (_random.Next(4) switch { 0 => Kind.Delay, 1 => Kind.Drop, 2 => Kind.Error5xx, _ => Kind.Cut }, amount);
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using var _ = client;
        client.NoDelay = true;
        var (kind, amount) = Choose();
        try
        {
            var downstream = client.GetStream();
            switch (kind)
            {
                case Kind.Drop when amount % 2 == 0:
                    _counter.Add($"{Name}-drop");
                    client.Client.LingerState = new LingerOption(true, 0); // a reset, not a clean close
                    return;
                case Kind.Error5xx:
                    await ReadRequestHeadAsync(downstream);
                    _counter.Add($"{Name}-503");
                    var answer = Encoding.ASCII.GetBytes("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 19\r\nConnection: close\r\n\r\nfault proxy: 503 \r\n");
                    await downstream.WriteAsync(answer, _stop.Token);
                    return;
                case Kind.Delay:
                    _counter.Add($"{Name}-delay");
                    await Task.Delay(200 + amount % 2300, _stop.Token);
                    break;
            }
            using var server = new TcpClient { NoDelay = true };
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            var upstream = server.GetStream();
            using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            // A drop with an odd amount: the connection is reset after a few kilobytes went up (mid-request or between requests).
            var upLimit = kind == Kind.Drop ? 200 + amount % 20_000 : long.MaxValue;
            // A cut: the answer stops after a few hundred bytes to a few hundred kilobytes (mid-body, or mid-headers).
            var downLimit = kind == Kind.Cut ? 64 + amount % 300_000 : long.MaxValue;
            var up = PumpAsync(downstream, upstream, upLimit, kind == Kind.Drop ? $"{Name}-drop" : null, scan: true, cut);
            var down = PumpAsync(upstream, downstream, downLimit, kind == Kind.Cut ? $"{Name}-cut" : null, scan: false, cut);
            await Task.WhenAny(up, down);
            await cut.CancelAsync();
            client.Client.LingerState = new LingerOption(true, 0);
            await Task.WhenAll(Quiet(up), Quiet(down));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the client or the server went away: nothing to forward any more
        }
    }

    private static async Task Quiet(Task t)
    {
        try
        {
            await t;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, long limit, string? faultName, bool scan, CancellationTokenSource cut)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        var tail = "";
        while (true)
        {
            var n = await from.ReadAsync(buffer, cut.Token);
            if (n == 0)
            {
                await cut.CancelAsync();
                return;
            }
            if (total + n > limit)
            {
                var keep = (int)(limit - total);
                await to.WriteAsync(buffer.AsMemory(0, keep), cut.Token);
                _counter.Add(faultName!);
                await cut.CancelAsync();
                return;
            }
            await to.WriteAsync(buffer.AsMemory(0, n), cut.Token);
            total += n;
            if (scan && OnStatement is { } hook)
            {
                var text = tail + Encoding.ASCII.GetString(buffer, 0, n);
                if (text.Contains(hook.Marker, StringComparison.Ordinal))
                {
                    hook.Hook();
                }
                tail = text.Length > 64 ? text[^64..] : text;
            }
        }
    }

    private async Task ReadRequestHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[8 * 1024];
        var seen = new StringBuilder();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        while (seen.Length < 64 * 1024)
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0)
            {
                return;
            }
            seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
            if (seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Quiet(_loop);
        Task[] open;
        lock (_lock)
        {
            open = [.. _connections];
        }
        await Task.WhenAll(open.Select(Quiet));
        _stop.Dispose();
    }
}
