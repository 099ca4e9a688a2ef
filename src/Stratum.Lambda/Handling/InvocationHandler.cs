using Stratum.Contracts;
using Stratum.Hosting;
using Stratum.Lambda.Events;
using Stratum.Names;
using Stratum.Objects;
using Stratum.State;

namespace Stratum.Lambda.Handling;

/// <summary>
/// One invocation: the streams its event names, loaded with the pass every host runs
/// (<see cref="StreamPass.LoadAsync"/>), stopped gracefully — between batches, never inside one —
/// <see cref="StopMargin"/> before the invocation's deadline, so the files left stay pending for
/// the next invocation and nothing is cut half way.
/// </summary>
internal sealed class InvocationHandler(IDeployment deployment, int parallel, TimeSpan? stopMargin = null, TextWriter? log = null)
{
    private const string Canonical = "canonical";

    // A breaker's transitions go to the function's log (CloudWatch), as `run` prints them.
    private readonly StreamPass _pass = new(deployment) { BreakerChanged = t => log?.WriteLine($"stratum lambda: breaker {t}") };

    /// <summary>How long before the deadline a pass stops: the setting, else 30 s or a fifth of the time given, whichever is less.</summary>
    public TimeSpan StopMargin(TimeSpan given) => stopMargin ?? TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, Math.Max(0, given.Ticks / 5)));

    public async Task<InvocationSummary> HandleAsync(LambdaEvent e, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var (name, set, ignored) = e switch
        {
            LambdaEvent.Scheduled => ("scheduled", await _pass.SurveyAsync(null, null, cancellationToken), []),
            LambdaEvent.OneTenant t => ("tenant", new StreamSet(await OneTenantAsync(t, cancellationToken), []), []),
            LambdaEvent.ObjectsCreated s => await ObjectsCreatedAsync(s, cancellationToken),
            _ => throw new BadEventException($"unhandled event {e.GetType().Name}"),
        };
        var given = deadline - deployment.Clock.GetUtcNow();
        using var stop = new CancellationTokenSource(given - StopMargin(given) is { Ticks: > 0 } left ? left : TimeSpan.Zero, deployment.Clock);
        var runs = set.Streams.Count == 0 ? [] : await _pass.LoadAsync(set.Streams, parallel, null, stop.Token, cancellationToken);
        return new InvocationSummary(name, runs, ignored, set.Unloadable, runs.Any(r => r.Outcome == LoadOutcome.Stopped));
    }

    private async Task<IReadOnlyList<(StreamId Stream, TableContract Contract)>> OneTenantAsync(LambdaEvent.OneTenant e, CancellationToken ct)
    {
        if (!TenantId.TryParse(e.Tenant, out var tenant, out var error))
        {
            throw new BadEventException($"the event's tenant: {error}");
        }
        TableContract[]? tables = null;
        if (e.Table is { } table)
        {
            tables = [deployment.Contracts.FirstOrDefault(c => c.Table.Value == table)
                ?? throw new BadEventException($"the event names table '{table}', which has no contract; known: {string.Join(", ", deployment.Contracts.Select(c => c.Table))}")];
        }
        return await _pass.StreamsAsync([tenant], tables, ct);
    }

    private async Task<(string, StreamSet, IReadOnlyList<IgnoredKey>)> ObjectsCreatedAsync(LambdaEvent.ObjectsCreated e, CancellationToken ct)
    {
        var enabled = (await deployment.Tenants.ListEnabledAsync(ct)).ToHashSet();
        var streams = new Dictionary<StreamId, TableContract>();
        var ignored = new List<IgnoredKey>();
        foreach (var key in e.Keys)
        {
            var parts = key.Split('/');
            if (parts.Length < 4 || parts[1] != Canonical || parts[^1].Length == 0)
            {
                ignored.Add(new IgnoredKey(key, $"not a file under {{tenant}}/{Canonical}/{{table}}/"));
            }
            else if (!TenantId.TryParse(parts[0], out var tenant, out var error))
            {
                ignored.Add(new IgnoredKey(key, $"'{parts[0]}' is not a tenant id: {error}"));
            }
            else if (!enabled.Contains(tenant))
            {
                ignored.Add(new IgnoredKey(key, $"tenant {tenant} is not enabled in {deployment.Tenants.Describe}"));
            }
            else if (deployment.Contracts.FirstOrDefault(c => c.Table.Value == parts[2]) is not { } contract)
            {
                ignored.Add(new IgnoredKey(key, $"no contract for table '{parts[2]}'"));
            }
            else
            {
                streams.TryAdd(new StreamId(tenant, contract.Table), contract);
            }
        }
        var set = new StreamSet([.. streams.OrderBy(s => s.Key.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value))], []);
        return ("s3", set, ignored);
    }
}
