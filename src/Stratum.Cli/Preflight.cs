using Stratum.Adapters;
using Stratum.Cli.Output;
using Stratum.Loading;

namespace Stratum.Cli;

/// <summary>
/// What a loading command checks before it starts: a warehouse on a server must answer, or the
/// command stops at once with exit 2 — not "up to date" for every stream because a pass with
/// nothing pending never opens the warehouse. The embedded DuckDB file is opened when needed.
/// </summary>
public static class Preflight
{
    /// <summary>Null when the warehouse answered (or is embedded); otherwise the exit code, with the error printed.</summary>
    public static async Task<int?> WarehouseAsync(Workspace ws, Printer printer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ws);
        ArgumentNullException.ThrowIfNull(printer);
        if (AdapterUrl.Parse(ws.Settings.Warehouse, "warehouse").Scheme == "duckdb")
        {
            return null;
        }
        try
        {
            // A blip is retried as any call of a load is (Transient); a server that is not there fails in a few seconds.
            var retry = new Transient(ws.LoaderOptions, ws.Clock);
            var deadline = ws.Clock.GetUtcNow() + ws.LoaderOptions.LeaseTtl;
            await retry.RunAsync(async token =>
            {
                await ws.Warehouse.PingAsync(token);
                return true;
            }, () => deadline, null, ct);
            return null;
        }
        catch (StratumException e)
        {
            printer.Error($"the warehouse does not answer, so nothing was loaded: {e.Message}. `stratum doctor` checks every adapter of this configuration.");
            return ExitCodes.Error;
        }
    }
}
