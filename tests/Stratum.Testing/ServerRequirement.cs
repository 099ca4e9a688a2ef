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
}
