using System.Diagnostics;
using System.Text.Json;
using Stratum.Configuration;
using Stratum.Hosting;
using Stratum.Lambda.Events;
using Stratum.Lambda.Handling;
using Stratum.Lambda.RuntimeApi;
using Stratum.State;

namespace Stratum.Lambda;

/// <summary>
/// The runtime loop: settings read once (the project file beside the bootstrap, overridden by the
/// same <c>STRATUM_*</c> variables the CLI reads), adapters opened lazily and kept warm across
/// invocations, then next → handle → response or error, for as long as Lambda keeps the
/// environment. A configuration that cannot load is an init error; a bad event, a failed load or
/// anything unexpected is that invocation's error, and the loop goes on.
/// </summary>
internal sealed class Bootstrap(RuntimeApiClient api, Func<string, string?> env, TextWriter log)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Workspace workspace;
        InvocationHandler handler;
        try
        {
            var settings = ProjectSettings.Load(null, env);
            workspace = new Workspace(settings, TimeProvider.System);
            _ = workspace.Contracts; // a contract that does not load fails the start, not every invocation
            var margin = env("STRATUM_LAMBDA_STOP_MARGIN") is { Length: > 0 } m ? Durations.Parse(m, "STRATUM_LAMBDA_STOP_MARGIN") : (TimeSpan?)null;
            handler = new InvocationHandler(workspace, settings.Parallel, margin, log);
            log.WriteLine($"stratum lambda: {workspace.Contracts.Count} contracts from {settings.ContractsPath}; objects {settings.Objects}; state {settings.State}; warehouse {settings.Warehouse}");
        }
        catch (Exception e)
        {
            log.WriteLine($"stratum lambda: init failed: {e.Message}");
            await api.ReportInitErrorAsync(new LambdaError(LambdaError.ConfigError, e.Message), cancellationToken);
            return 2;
        }
        await using (workspace)
        {
            var unreachable = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                Invocation invocation;
                try
                {
                    invocation = await api.NextAsync(cancellationToken);
                    unreachable = 0;
                }
                catch (HttpRequestException e) when (++unreachable < 5)
                {
                    log.WriteLine($"stratum lambda: the Runtime API did not answer `next` ({e.Message}); asking again");
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * unreachable), cancellationToken);
                    continue;
                }
                await InvokeAsync(handler, invocation, cancellationToken);
            }
        }
        return 0;
    }

    private async Task InvokeAsync(InvocationHandler handler, Invocation invocation, CancellationToken ct)
    {
        if (invocation.TraceId is { } trace)
        {
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", trace); // the runtime's contract: the SDK reads it from here
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var summary = await handler.HandleAsync(EventParser.Parse(invocation.Event), invocation.Deadline, ct);
            var json = JsonSerializer.Serialize(summary, HostJson.Options);
            var failed = summary.Runs.Where(r => r.Outcome == LoadOutcome.Failed).ToList();
            log.WriteLine($"stratum lambda: {invocation.RequestId}: {summary.Event}, {summary.Runs.Count} streams: "
                + $"{string.Join(", ", summary.Runs.GroupBy(r => r.Outcome.Text()).Select(g => $"{g.Key} {g.Count()}"))}"
                + $"{(summary.Ignored.Count > 0 ? $"; {summary.Ignored.Count} keys ignored" : "")}; {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s");
            if (failed.Count > 0)
            {
                // A failed load is the invocation's error: Lambda counts it, and retries an asynchronous event.
                log.WriteLine(json);
                var first = string.Join("; ", failed.Take(5).Select(r => $"{r.Stream.Key}: {r.Error}"));
                await ReportAsync(invocation,
                    new LambdaError(LambdaError.LoadFailed, $"{failed.Count} of {summary.Runs.Count} streams failed to load: {first}{(failed.Count > 5 ? "; …" : "")}"), ct);
                return;
            }
            await api.RespondAsync(invocation.RequestId, json, ct);
        }
        catch (BadEventException e)
        {
            log.WriteLine($"stratum lambda: {invocation.RequestId}: bad event: {e.Message}");
            await ReportAsync(invocation, new LambdaError(LambdaError.BadEvent, e.Message), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var message = e is StratumException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            log.WriteLine($"stratum lambda: {invocation.RequestId}: {message}\n{e}");
            await ReportAsync(invocation, new LambdaError(e is StratumException ? LambdaError.ConfigError : LambdaError.InternalError, message), ct);
        }
    }

    /// <summary>Reports an invocation's error; a report the runtime did not take is logged, and the loop goes on.</summary>
    private async Task ReportAsync(Invocation invocation, LambdaError error, CancellationToken ct)
    {
        try
        {
            await api.ReportErrorAsync(invocation.RequestId, error, ct);
        }
        catch (HttpRequestException e)
        {
            log.WriteLine($"stratum lambda: {invocation.RequestId}: the error could not be reported ({e.Message}): {error.Type}: {error.Message}");
        }
    }
}
