using Stratum.Audit;
using System.Globalization;
using Spectre.Console;
using Stratum.Cleanup;

namespace Stratum.Cli.Output;

/// <summary>Cleanups and restores as readable tables: per partition, before and after.</summary>
public static class CleanupText
{
    public static void WritePreview(IAnsiConsole o, CleanupPreview p, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(p);
        var what = p.Kind == CleanupKind.Duplicates ? "exact duplicates" : "SCD2 histories";
        o.MarkupLineInterpolated($"[bold]clean {what}[/] in {p.Table}{(p.Tenant is null ? "" : $" (tenant {p.Tenant})")}{(dryRun ? " — dry run: nothing is changed; add --execute to apply" : "")}");
        if (p.NothingToDo)
        {
            o.MarkupLine("[green]nothing to clean[/]");
            return;
        }
        o.Write(Partitions(p.Partitions));
        o.MarkupLineInterpolated($"total: {N(p.RowsRemoved)} row(s) taken out, {N(p.RowsWritten)} written{(p.Kind == CleanupKind.Scd ? $", {N(p.Groups)} key(s) rebuilt" : "")}");
        foreach (var note in p.Notes)
        {
            o.MarkupLineInterpolated($"[yellow]note:[/] {note}");
        }
        foreach (var line in p.Samples)
        {
            o.MarkupLineInterpolated($"  {line}");
        }
    }

    public static void WriteResult(IAnsiConsole o, CleanupResult r)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(r);
        WritePreview(o, r.Preview, dryRun: false);
        if (r.After is not { } after)
        {
            return;
        }
        var t = new Table().Border(TableBorder.Rounded).AddColumns("", "before", "after");
        t.AddRow("rows", N(r.Before.TotalRows), N(after.TotalRows));
        t.AddRow("exact duplicate rows", N(r.Before.ExactDuplicates.DuplicateRows), N(after.ExactDuplicates.DuplicateRows));
        t.AddRow("rows sharing tenant, key, version", N(r.Before.VersionDuplicates.DuplicateRows), N(after.VersionDuplicates.DuplicateRows));
        t.AddRow("SCD2 violations", N(r.Before.ViolationCount), N(after.ViolationCount));
        t.AddRow("current rows / keys / versions", $"{N(r.Before.CurrentRows)} / {N(r.Before.Keys)} / {N(r.Before.Versions)}", $"{N(after.CurrentRows)} / {N(after.Keys)} / {N(after.Versions)}");
        o.Write(t);
        if (r.Applied is { } a)
        {
            o.MarkupLineInterpolated($"backup: {a.BackupTable} ({N(a.RowsRemoved)} row(s) taken out, {N(a.RowsWritten)} written); undo with `stratum restore {r.CleanupId}`");
        }
    }

    public static void WriteRestore(IAnsiConsole o, RestoreResult r)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(r);
        o.MarkupLineInterpolated($"[bold]restored cleanup {r.CleanupId}[/] ({r.Kind.ToString().ToLowerInvariant()}) of {r.Table}");
        o.Write(Partitions(r.Partitions.Select(p => p with { RowsRemoved = p.RowsWritten, RowsWritten = p.RowsRemoved }).ToList(), "put back", "taken out"));
        o.MarkupLineInterpolated($"{N(r.RowsPutBack)} row(s) put back, {N(r.RowsTakenOut)} taken out");
        o.MarkupLine(r.IdenticalToBeforeCleanup
            ? "[green]the table's checksum equals the one taken before the cleanup[/]"
            : Markup.Escape($"the table's checksum ({r.ChecksumNow}) differs from the one before the cleanup ({r.ChecksumBeforeCleanup}): it changed since"));
    }

    private static Table Partitions(IReadOnlyList<PartitionChange> partitions, string removed = "taken out", string written = "written")
    {
        var t = new Table().Border(TableBorder.Rounded).AddColumns("partition", removed, written);
        foreach (var p in partitions)
        {
            t.AddRow(Markup.Escape(p.Label == p.PartitionId ? p.Label : $"{p.Label} ({p.PartitionId})"), N(p.RowsRemoved), N(p.RowsWritten));
        }
        return t;
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
