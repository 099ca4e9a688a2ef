using Spectre.Console;
using Stratum.Objects;

namespace Stratum.Cli.Output;

/// <summary>The files and folders that landed and will never be loaded, as <c>run</c> and <c>status</c> print them.</summary>
public static class UnloadableText
{
    public static void Write(IAnsiConsole o, IReadOnlyList<UnloadableObject> unloadable)
    {
        if (unloadable.Count == 0)
        {
            return;
        }
        o.MarkupLineInterpolated($"[yellow]{unloadable.Count} landed {(unloadable.Count == 1 ? "object is" : "objects are")} never loaded (a folder counts once; `stratum check` fails on them, threshold check.max_unloadable):[/]");
        var t = new Table().Border(TableBorder.Rounded).AddColumns("object", "reason", "why");
        foreach (var u in unloadable)
        {
            t.AddRow(Markup.Escape(u.Key), u.ReasonCode, Markup.Escape(u.Detail));
        }
        o.Write(t);
    }
}
