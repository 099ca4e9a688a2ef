using System.Text.Json;
using Spectre.Console;
using Stratum.Hosting;

namespace Stratum.Cli.Output;

/// <summary>
/// Where a command's result goes: a readable rendering (tables; no colour when redirected) or,
/// with <c>--json</c>, one JSON document on stdout. Progress and diagnostics go to stderr, so
/// stdout stays machine-readable.
/// </summary>
public sealed class Printer(bool json)
{
    /// <summary>The JSON of every result (<see cref="HostJson"/>).</summary>
    public static JsonSerializerOptions JsonOptions => HostJson.Options;

    public bool Json { get; } = json;

    public IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);

    public IAnsiConsole Err { get; } = Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>Redirected output is not wrapped at 80 columns: logs and files keep whole lines.</summary>
    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = 250;
        }
        return console;
    }

    /// <summary>True when a person is watching a terminal (progress bars make sense).</summary>
    public bool Interactive => !Json && !Console.IsErrorRedirected && !Console.IsOutputRedirected;

    /// <summary>Writes the result: JSON when asked for, otherwise the human rendering.</summary>
    public void Result(object model, Action<IAnsiConsole> human)
    {
        if (Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(model, model.GetType(), JsonOptions));
        }
        else
        {
            human(Out);
        }
    }

    /// <summary>A plain line of prose (not wrapped, no markup).</summary>
    public void Line(string text)
    {
        if (!Json)
        {
            Console.Out.WriteLine(text);
        }
    }

    public void Progress(string text) => Console.Error.WriteLine(text);

    public void Error(string text) => Err.MarkupLineInterpolated($"[red]error:[/] {text}");
}
