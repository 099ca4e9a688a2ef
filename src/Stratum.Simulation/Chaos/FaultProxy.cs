using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stratum.Simulation.Chaos;

/// <summary>
/// A loopback TCP proxy in front of a real server (ClickHouse's HTTP interface, an S3 endpoint) that
/// injects transient network faults, chosen per request from a seeded random source: a delay
/// before the connection is forwarded, a dropped connection (closed before or while a request is in
/// flight), a 503 answered without forwarding, or an answer cut mid-body. Bytes are forwarded as
/// received (the Host header included, so request signatures still verify). <see cref="StallBefore"/>
/// holds a marked request (a ClickHouse swap) before forwarding it. When <see cref="Enabled"/>
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

    /// <summary>
    /// A marker looked for in requests before they are forwarded, and how long to hold the request
    /// that carries it (null: not this time) — a swap stalled on the wire past the lease TTL.
    /// </summary>
    public (string Marker, Func<TimeSpan?> Stall)? StallBefore { get; set; }

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

    /// <summary>One connection: bytes both ways; each request (a read that starts with an HTTP method) may get a fault.</summary>
    private async Task HandleAsync(TcpClient client)
    {
        using var _ = client;
        client.NoDelay = true;
        try
        {
            var downstream = client.GetStream();
            using var server = new TcpClient { NoDelay = true };
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            var upstream = server.GetStream();
            using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var connection = new Connection();
            var up = UpAsync(downstream, upstream, connection, cut);
            var down = DownAsync(upstream, downstream, connection, cut);
            await Task.WhenAny(up, down);
            await cut.CancelAsync();
            await Task.WhenAll(Quiet(up), Quiet(down));
            if (connection.Reset)
            {
                client.Client.LingerState = new LingerOption(true, 0); // a reset, not a clean close
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the client or the server went away: nothing to forward any more
        }
    }

    private sealed class Connection
    {
        public long DownTotal;
        public long DownLimit = long.MaxValue;
        public bool Reset;
    }

    private static readonly string[] Methods = ["GET ", "PUT ", "POST ", "HEAD ", "DELETE "];

    private static bool StartsRequest(byte[] buffer, int n)
        => Methods.Any(m => n >= m.Length && Encoding.ASCII.GetString(buffer, 0, m.Length) == m);

    private async Task UpAsync(NetworkStream from, NetworkStream to, Connection connection, CancellationTokenSource cut)
    {
        var buffer = new byte[16 * 1024];
        var tail = "";
        while (true)
        {
            var n = await from.ReadAsync(buffer, cut.Token);
            if (n == 0)
            {
                return;
            }
            if (StartsRequest(buffer, n))
            {
                var (kind, amount) = Choose();
                switch (kind)
                {
                    case Kind.Delay:
                        _counter.Add($"{Name}-delay");
                        await Task.Delay(200 + amount % 2300, cut.Token);
                        break;
                    case Kind.Drop:
                        _counter.Add($"{Name}-drop");
                        if (amount % 2 == 1)
                        {
                            await to.WriteAsync(buffer.AsMemory(0, n), cut.Token); // the server may get the request; the client never gets the answer
                            await Task.Delay(amount % 300, cut.Token);
                        }
                        connection.Reset = true;
                        return;
                    case Kind.Error5xx:
                        _counter.Add($"{Name}-503");
                        lock (connection)
                        {
                            connection.DownLimit = -1; // nothing from the server reaches the client any more
                        }
                        var answer = Encoding.ASCII.GetBytes("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 19\r\nConnection: close\r\n\r\nfault proxy: 503 \r\n");
                        await from.WriteAsync(answer, cut.Token);
                        await from.FlushAsync(cut.Token);
                        await Task.Delay(100, cut.Token);
                        return;
                    case Kind.Cut:
                        lock (connection)
                        {
                            connection.DownLimit = connection.DownTotal + 16 + amount % 6000; // this answer (or a later one) stops mid-body
                        }
                        break;
                }
            }
            if (StallBefore is { } stall && Enabled && (tail + Encoding.ASCII.GetString(buffer, 0, n)).Contains(stall.Marker, StringComparison.Ordinal)
                && stall.Stall() is { } hold)
            {
                _counter.Add($"{Name}-stall-swap");
                await Task.Delay(hold, cut.Token); // the server has not seen the whole statement: it runs only when it arrives
            }
            await to.WriteAsync(buffer.AsMemory(0, n), cut.Token);
            if (OnStatement is { } hook)
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

    private async Task DownAsync(NetworkStream from, NetworkStream to, Connection connection, CancellationTokenSource cut)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var n = await from.ReadAsync(buffer, cut.Token);
            if (n == 0)
            {
                return;
            }
            long keep;
            bool silenced;
            lock (connection)
            {
                silenced = connection.DownLimit < 0;
                keep = silenced ? 0 : Math.Min(n, connection.DownLimit - connection.DownTotal);
                connection.DownTotal += keep;
            }
            if (silenced)
            {
                continue;
            }
            if (keep < n)
            {
                await to.WriteAsync(buffer.AsMemory(0, (int)keep), cut.Token);
                _counter.Add($"{Name}-cut");
                connection.Reset = true;
                return;
            }
            await to.WriteAsync(buffer.AsMemory(0, n), cut.Token);
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
