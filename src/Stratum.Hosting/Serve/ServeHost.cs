using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stratum.Hosting.Serve.Metrics;
using Stratum.Telemetry;

namespace Stratum.Hosting.Serve;

/// <summary>
/// Builds and runs the Generic Host of <c>stratum serve</c>: Kestrel on the listen address, the
/// load scheduler as a hosted service, console logs (text or JSON). SIGTERM and Ctrl+C stop it
/// gracefully: the scheduler's loads finish their current batch and release their leases within
/// <see cref="ServeSettings.ShutdownGrace"/>.
/// </summary>
public static class ServeHost
{
    public static WebApplication Build(IDeployment ws, ServeSettings settings, string contentRoot)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = contentRoot });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(settings.Listen);
            k.AddServerHeader = false;
        });
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownGrace);
        builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning);
        if (settings.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            });
        }
        builder.Services.AddSingleton(ws);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<StatusBoard>();
        builder.Services.AddSingleton<LoadScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LoadScheduler>());
        builder.Services.AddSingleton(_ => new PrometheusExporter(StratumTelemetry.Name));
        var app = builder.Build();
        Endpoints.Map(app, ws, settings, app.Services.GetRequiredService<StatusBoard>(), app.Services.GetRequiredService<LoadScheduler>(),
            app.Services.GetRequiredService<PrometheusExporter>(), ws.LoaderOptions.Owner);
        return app;
    }

    /// <summary>Starts, logs the bound address (port 0 picks a free one), and runs until stopped.</summary>
    public static async Task RunAsync(WebApplication app, IDeployment ws, ServeSettings settings)
    {
        _ = app.Services.GetRequiredService<PrometheusExporter>(); // listen before the first load
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? settings.Listen.ToString();
        var version = (Assembly.GetEntryAssembly() ?? Assembly.GetExecutingAssembly()).GetName().Version?.ToString(3) ?? "?";
        app.Services.GetRequiredService<ILogger<LoadScheduler>>().Started(version, url, settings.Schedule.Describe, Monitoring.HealthChecks.FormatDuration(settings.Jitter),
            ws.Objects.Describe, (await ws.StateAsync(default)).Describe, ws.Warehouse.Describe);
        await app.WaitForShutdownAsync();
    }
}
