using System.CommandLine;
using System.Globalization;
using System.Net;
using Stratum.Configuration;
using Stratum.Cli.Output;
using Stratum.Hosting.Serve;
using Stratum.Hosting.Serve.Scheduling;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum serve</c>: loads every stream on a schedule and serves metrics, health and a live dashboard.</summary>
public static class ServeCommand
{
    public const string DefaultListen = "127.0.0.1:9180";

    public static Command Build(GlobalOptions g)
    {
        var listen = new Option<string>("--listen") { Description = $"Address and port for /metrics, /healthz, /readyz and the dashboard (default {DefaultListen}; port 0 picks one)", DefaultValueFactory = _ => DefaultListen };
        var interval = new Option<string?>("--interval") { Description = "Load every stream this often, counted from the end of the last pass (default 1m)" };
        var cron = new Option<string?>("--cron") { Description = "Or on a 5-field cron expression in UTC, e.g. \"*/5 * * * *\"" };
        var jitter = new Option<string?>("--jitter") { Description = "Random delay added to each start so instances spread out (default: a tenth of the interval, at most 30s; 30s with --cron)" };
        var parallel = new Option<int?>("--parallel") { Description = "Streams loaded at once (default: load.parallel, 4)" };
        var grace = new Option<string>("--shutdown-grace") { Description = "How long a stop waits for batches in flight (default 2m)", DefaultValueFactory = _ => "2m" };
        var logFormat = new Option<string>("--log-format") { Description = "text or json (one JSON object per line)", DefaultValueFactory = _ => "text" };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var thresholds = new ThresholdOptions();
        var cmd = new Command("serve", """
            Run as a service: load every stream (enabled tenants × contracts, as `stratum run`) on an
            interval or a cron schedule, with jitter, and serve /metrics (Prometheus), /healthz, /readyz
            and a live dashboard at /. Any number of instances can run against one state store: leases
            give each stream to one worker at a time. SIGTERM stops it gracefully: loads finish their
            current batch, release their leases and the rest stays pending for the next worker.
            """) { listen, interval, cron, jitter, parallel, grace, logFormat };
        foreach (var o in thresholds.All)
        {
            cmd.Options.Add(o);
        }
        cmd.Action(g, async (parse, ws, printer, ct) =>
        {
            if (parse.GetValue(interval) is not null && parse.GetValue(cron) is not null)
            {
                throw new ConfigException("--interval and --cron: give one or the other");
            }
            ISchedule schedule;
            try
            {
                schedule = parse.GetValue(cron) is { } c ? CronSchedule.Parse(c) : new IntervalSchedule(Durations.Parse(parse.GetValue(interval) ?? "1m", "--interval"));
            }
            catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
            {
                throw new ConfigException(e.Message);
            }
            var settings = new ServeSettings
            {
                Listen = ParseListen(parse.GetValue(listen) ?? DefaultListen),
                Schedule = schedule,
                Checks = thresholds.Apply(parse, ws.Settings).Checks,
                Jitter = parse.GetValue(jitter) is { } j ? Durations.Parse(j, "--jitter") : schedule.DefaultJitter,
                Parallel = parse.GetValue(parallel) ?? ws.Settings.Parallel,
                ShutdownGrace = Durations.Parse(parse.GetValue(grace) ?? "2m", "--shutdown-grace"),
                JsonLogs = parse.GetValue(logFormat) == "json",
            };
            // Open every adapter before the host starts: the scheduler and the endpoints then share them.
            _ = ws.Objects;
            _ = ws.Warehouse;
            _ = ws.Contracts;
            _ = ws.Tenants;
            await ws.StateAsync(ct);
            await using var app = ServeHost.Build(ws, settings, ws.Settings.BaseDirectory);
            await ServeHost.RunAsync(app, ws, settings);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary><c>127.0.0.1:9180</c>, <c>[::1]:9180</c>, <c>localhost:9180</c>, <c>0.0.0.0:9180</c>.</summary>
    public static IPEndPoint ParseListen(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            t = "127.0.0.1" + t["localhost".Length..];
        }
        if (IPEndPoint.TryParse(t, out var ep) && t.Contains(':', StringComparison.Ordinal) && ep.Port is >= 0 and <= 65535)
        {
            return ep;
        }
        throw new ConfigException($"--listen '{text}': expected ADDRESS:PORT, e.g. {DefaultListen} (port {0.ToString(CultureInfo.InvariantCulture)} picks a free one)");
    }
}
