using System.CommandLine;
using Spectre.Console;
using Stratum.Breaking;
using Stratum.Cli.Output;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Cli.Commands;

/// <summary><c>stratum resume TENANT/TABLE… | --all</c>: closes circuit breakers by hand, so the next pass loads the streams again.</summary>
public static class ResumeCommand
{
    /// <summary>One stream resumed: its breaker as it was (<c>open</c>, <c>half-open</c>, or <c>closed</c> when there was nothing to do).</summary>
    public sealed record Resumed(string Stream, string Was, DateTimeOffset? OpenUntil, int Failures, string? LastError);

    public static Command Build(GlobalOptions g)
    {
        var streams = new Argument<string[]>("STREAM") { Description = "Streams to resume, as TENANT/TABLE (e.g. acme/time_entries)", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Every stream whose breaker is open or half-open" };
        var cmd = new Command("resume", """
            Close a stream's circuit breaker by hand, after fixing what made its loads fail: the next
            pass (`stratum run`, `serve`, a Lambda invocation) loads it again, on every worker, since
            breakers live in the state store. A breaker opens after `breaker.failures` failed loads in
            a row (default 3; docs/configuration.md); while open, passes skip the stream (outcome
            skipped-breaker-open) until its back-off ends, then one trial load closes it (success) or
            re-opens it with twice the back-off (failure), up to `breaker.max_backoff`. `stratum
            status` shows each breaker. Closing also forgets the failures counted so far.
            Examples: `stratum resume acme/time_entries`, `stratum resume --all`.
            Exit 0 when done (also when a breaker was closed already), 2 for a stream that is not
            one of this project's (no contract for the table, or a tenant neither enabled nor known
            to the state store).
            """) { streams, all };
        cmd.Action(g, async (parse, ws, printer, ct) =>
        {
            var named = parse.GetValue(streams) ?? [];
            var everything = parse.GetValue(all);
            if (named.Length == 0 && !everything)
            {
                throw new ConfigException("name the streams to resume (TENANT/TABLE, e.g. acme/time_entries) or give --all; `stratum status` shows the breakers");
            }
            if (named.Length > 0 && everything)
            {
                throw new ConfigException("give streams or --all, not both");
            }
            var state = await ws.StateAsync(ct);
            var targets = everything
                ? [.. (await state.ListOpenBreakersAsync(ct)).Select(b => b.Stream)]
                : await KnownAsync(ws, state, named, ct);
            var breaker = ws.Pass.NewBreaker(state);
            var by = $"stratum resume by {Environment.UserName}@{Environment.MachineName}";
            var now = ws.Clock.GetUtcNow();
            var resumed = new List<Resumed>();
            foreach (var stream in targets)
            {
                var before = await state.GetBreakerAsync(stream, ct);
                await breaker.CloseAsync(stream, by, ct);
                resumed.Add(new Resumed(stream.Key, BreakerTransition.Text(before.PhaseAt(now)), before.OpenUntil, before.ConsecutiveFailures, before.LastError));
            }
            printer.Result(resumed, o =>
            {
                if (resumed.Count == 0)
                {
                    o.MarkupLine("[green]No open circuit breakers.[/]");
                }
                foreach (var r in resumed)
                {
                    if (r.Was == "closed")
                    {
                        var forgotten = r.Failures > 0 ? $" ({r.Failures} failed loads in a row forgotten)" : "";
                        o.MarkupLineInterpolated($"{r.Stream}: the circuit breaker was closed already{forgotten}; nothing else to do.");
                    }
                    else
                    {
                        var until = r.OpenUntil is { } u ? $", skipping until {BreakerMachine.Time(u)}" : "";
                        o.MarkupLineInterpolated($"[green]{r.Stream}[/]: circuit breaker closed (it was {r.Was}{until}, after {r.Failures} failed loads in a row); the next pass loads it.");
                    }
                }
            });
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>Each named stream, checked: TENANT/TABLE, a contract for the table, a tenant that is enabled or known to the state store.</summary>
    private static async Task<List<StreamId>> KnownAsync(Workspace ws, IStateStore state, string[] named, CancellationToken ct)
    {
        var enabled = (await ws.Tenants.ListEnabledAsync(ct)).ToHashSet();
        var stored = (await state.ListStreamsAsync(ct)).ToHashSet();
        var result = new List<StreamId>();
        foreach (var text in named)
        {
            var parts = text.Split('/');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new ConfigException($"'{text}' is not a stream: expected TENANT/TABLE, e.g. acme/time_entries");
            }
            var tenant = TenantId.Parse(parts[0]);
            var stream = new StreamId(tenant, ws.Contract(parts[1]).Table); // no contract: a ConfigException naming the known tables
            if (!enabled.Contains(tenant) && !stored.Contains(stream))
            {
                throw new ConfigException($"unknown stream {stream}: tenant '{tenant}' is not enabled ({ws.Settings.Tenants}) and the state store ({state.Describe}) has nothing of the stream");
            }
            result.Add(stream);
        }
        return result;
    }
}
