using System.Net.Sockets;

namespace Stratum.Testing;

/// <summary>
/// Tests that need a server (ClickHouse, s3rver, dynalite) call this first. In CI (CI=true) a
/// missing server is a failure; elsewhere the test is skipped with the reason and the way to start it.
/// </summary>
public static class ServerRequirement
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
                               || Environment.GetEnvironmentVariable("CI") == "1";

    public static void Require(bool available, string what, string howToStart)
    {
        if (available)
        {
            return;
        }
        var reason = $"{what} is not reachable. Start it with: {howToStart}";
        if (InCi)
        {
            Assert.Fail($"CI=true and {reason}");
        }
        Skip.If(true, reason);
    }

    /// <summary>
    /// The server <paramref name="variable"/> names (a URL, as the scripts/services scripts print
    /// it), when it accepts a TCP connection within 2 s; otherwise fails in CI or skips (<see cref="Require"/>).
    /// </summary>
    public static Uri RequireReachable(string variable, string what, string howToStart)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        Uri? uri = null;
        var ok = !string.IsNullOrEmpty(text) && Uri.TryCreate(text, UriKind.Absolute, out uri) && Reachable(uri);
        Require(ok, $"{what} ({variable}={text ?? "unset"})", howToStart);
        return uri!;
    }

    private static bool Reachable(Uri uri)
    {
        try
        {
            using var tcp = new TcpClient();
            return tcp.ConnectAsync(uri.Host, uri.Port).Wait(TimeSpan.FromSeconds(2)) && tcp.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
