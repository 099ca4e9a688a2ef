using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Stratum.Cli.Output;

/// <summary>
/// Where a command's result goes: a readable rendering (tables; no colour when redirected) or,
/// with <c>--json</c>, one JSON document on stdout. Progress and diagnostics go to stderr, so
/// stdout stays machine-readable.
/// </summary>
public sealed class Printer(bool json)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public bool Json { get; } = json;

    public IAnsiConsole Out { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });

    public IAnsiConsole Err { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

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
