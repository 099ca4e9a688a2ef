using System.Globalization;
using Spectre.Console;
using Stratum.Migration;

namespace Stratum.Cli.Output;

/// <summary>A migration's dry run and result: what changed, per tenant rows before → after, refusals.</summary>
public static class MigrationText
{
    public static void WritePreview(IAnsiConsole o, MigrationPreview p, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(p);
        o.MarkupLineInterpolated($"[bold]migrate {p.Table}[/]{(dryRun ? " — dry run: nothing is changed; add --execute to apply" : "")}");
        switch (p.State)
        {
            case MigrationPreview.States.NoTable:
                o.MarkupLine("[green]no such table yet[/]: the first load creates it and stores its contract");
                return;
            case MigrationPreview.States.NotStored:
                o.MarkupLine("[yellow]no contract is stored with this table[/] (it was created before fingerprints): the next load stores the current contract and trusts it; nothing to migrate");
                return;
            case MigrationPreview.States.UpToDate:
                o.MarkupLineInterpolated($"[green]up to date[/]: the stored contract ({Short(p.StoredFingerprint)}, {p.StoredOrigin}) is the current one");
                return;
        }
        o.MarkupLineInterpolated($"stored contract {Short(p.StoredFingerprint)} ({p.StoredOrigin} {p.StoredAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}) → current {Short(p.Fingerprint)}");
        foreach (var c in p.Changes)
        {
            o.MarkupLineInterpolated($"  changed: {c.Text}");
        }
        if (p.Tenants.Count > 0)
        {
            var t = new Table().AddColumns("tenant", "keys", "rows before", "rows after", "versions collapsed", "keys rewritten");
            foreach (var m in p.Tenants)
            {
                t.AddRow(Markup.Escape(m.Tenant), N(m.Keys), N(m.RowsBefore), N(m.RowsAfter), N(m.VersionsCollapsed), N(m.KeysChanged));
            }
            o.Write(t);
            o.MarkupLineInterpolated($"total: {N(p.RowsBefore)} row(s) → {N(p.RowsAfter)}");
        }
        foreach (var r in p.Refusals)
        {
            o.MarkupLineInterpolated($"[red]refused:[/] {r}");
        }
        if (p.State == MigrationPreview.States.Ready && dryRun)
        {
            o.MarkupLineInterpolated($"run `stratum migrate --table {p.Table} --execute` to apply it (backed up; `stratum restore` undoes it)");
        }
    }

    public static void WriteResult(IAnsiConsole o, MigrationResult r)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(r);
        WritePreview(o, r.Preview, dryRun: false);
        if (!r.Executed || r.Applied is not { } a)
        {
            return;
        }
        o.MarkupLineInterpolated($"[green]migrated[/]: {N(a.RowsRemoved)} row(s) taken out, {N(a.RowsWritten)} written, backed up in {a.BackupTable}; the new contract is stored");
        if (r.After is { } after)
        {
            var bad = after.Violations + after.ExactDuplicateRows;
            if (bad == 0)
            {
                o.MarkupLineInterpolated($"after: {N(after.Rows)} row(s), [green]no invariant violated[/]");
            }
            else
            {
                o.MarkupLineInterpolated($"after: {N(after.Rows)} row(s), [red]{N(bad)} problem(s)[/] (stratum audit --table {r.Preview.Table} shows them)");
            }
        }
    }

    private static string Short(string? fingerprint) => fingerprint is null ? "none" : fingerprint[..Math.Min(12, fingerprint.Length)];

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
