using Stratum.Loading;

namespace Stratum.Core.Tests.Loading;

/// <summary>The one retry layer: attempts bounded for faults, time bounded for busy resources, never past the deadline.</summary>
public class TransientTests
{
    private static readonly LoaderOptions Quick = new() { MaxAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(2) };

    [Fact]
    public async Task A_transient_fault_is_tried_at_most_MaxAttempts_times()
    {
        var calls = 0;
        var e = await Assert.ThrowsAsync<StratumException>(() => new Transient(Quick, TimeProvider.System).RunAsync<int>(
            _ => { calls++; throw new StratumException("net", isTransient: true); }, () => DateTimeOffset.MaxValue, null, default));
        Assert.Equal("net", e.Message);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_permanent_fault_is_not_retried()
    {
        var calls = 0;
        await Assert.ThrowsAsync<StratumException>(() => new Transient(Quick, TimeProvider.System).RunAsync<int>(
            _ => { calls++; throw new StratumException("bad", isTransient: false); }, () => DateTimeOffset.MaxValue, null, default));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_busy_resource_is_waited_for_past_MaxAttempts_and_announced_once()
    {
        var calls = 0;
        var announced = new List<string>();
        var result = await new Transient(Quick, TimeProvider.System).RunAsync(
            _ => ++calls < 10 ? throw new ResourceBusyException("the warehouse file w.duckdb", "lock") : Task.FromResult(calls),
            () => DateTimeOffset.MaxValue, b => announced.Add(b.Resource), default);
        Assert.Equal(10, result);
        Assert.Equal(["the warehouse file w.duckdb"], announced);
    }

    [Fact]
    public async Task Nothing_is_retried_past_the_deadline()
    {
        var calls = 0;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var deadline = clock.GetUtcNow().AddMilliseconds(5); // shorter than the first wait for a busy store (10–20 ms)
        var e = await Assert.ThrowsAsync<StratumException>(() => new Transient(Quick, clock).RunAsync<int>(
            _ => { calls++; throw new ResourceBusyException("the state store s.db", "busy"); }, () => deadline, null, default));
        Assert.Contains("gave up waiting", e.Message, StringComparison.Ordinal);
        Assert.True(e.IsTransient);
        Assert.Equal(1, calls);

        calls = 0;
        await Assert.ThrowsAsync<StratumException>(() => new Transient(Quick with { MaxAttempts = 100 }, TimeProvider.System).RunAsync<int>(
            _ => { calls++; throw new StratumException("net", isTransient: true); }, () => DateTimeOffset.UtcNow, null, default));
        Assert.Equal(1, calls);
    }
}
