using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stratum.Hosting.Serve.Metrics;

namespace Stratum.Hosting.Serve;

/// <summary>
/// The service's HTTP surface: <c>/metrics</c> (Prometheus text), <c>/healthz</c> (the process and
/// its scheduler are alive), <c>/readyz</c> (state store and warehouse answer), <c>/api/status</c>
/// (the dashboard's data) and <c>/</c> (the dashboard, one self-contained page).
/// </summary>
public static class Endpoints
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(5);

    public static void Map(IEndpointRouteBuilder app, IDeployment ws, ServeSettings settings, StatusBoard board, LoadScheduler scheduler, PrometheusExporter metrics, string instance)
    {
        app.MapGet("/metrics", () => Results.Text(metrics.Scrape(), PrometheusExporter.ContentType));

        app.MapGet("/healthz", () => scheduler.ExecuteTask is { IsCompleted: true } && !Stopping(app)
            ? Json(new { status = "down", reason = "the scheduler stopped" }, 503)
            : Json(new { status = "ok", last_error = board.LastError }, 200));

        app.MapGet("/readyz", async (CancellationToken ct) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ReadyTimeout);
            var state = await Probe(async t => _ = await (await ws.StateAsync(t)).GetRunsAsync(null, ws.Clock.GetUtcNow(), t), timeout.Token);
            var warehouse = await Probe(ws.Warehouse.PingAsync, timeout.Token);
            var ready = state == "ok" && warehouse == "ok";
            return Json(new { status = ready ? "ready" : "not ready", state, warehouse }, ready ? 200 : 503);
        });

        app.MapGet("/api/status", () => Json(DashboardBuilder.Build(board, settings, instance, ws.Clock.GetUtcNow()), 200));

        app.MapGet("/", () =>
        {
            var status = JsonSerializer.Serialize(DashboardBuilder.Build(board, settings, instance, ws.Clock.GetUtcNow()), HostJson.Options);
            return Results.Content(DashboardPage.Render(status), "text/html; charset=utf-8");
        });
    }

    private static bool Stopping(IEndpointRouteBuilder app)
        => app is WebApplication w && w.Lifetime.ApplicationStopping.IsCancellationRequested;

    private static async Task<string> Probe(Func<CancellationToken, Task> probe, CancellationToken ct)
    {
        try
        {
            await probe(ct);
            return "ok";
        }
        catch (OperationCanceledException)
        {
            return $"no answer within {ReadyTimeout.TotalSeconds:0}s";
        }
        catch (Exception e) when (e is StratumException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private static IResult Json(object value, int status)
        => Results.Text(JsonSerializer.Serialize(value, value.GetType(), HostJson.Options), "application/json; charset=utf-8", statusCode: status);
}
