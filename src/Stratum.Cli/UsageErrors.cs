using System.CommandLine;
using Stratum.Cli.Output;

namespace Stratum.Cli;

/// <summary>
/// A command line that does not parse: each problem on stderr in one line, the nearest option or
/// command when a word is mistyped, and where the help is — not the whole help on stdout — and exit 2
/// (could not run), as the README's table says.
/// </summary>
public static class UsageErrors
{
    public static int Report(ParseResult parsed, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(err);
        var command = parsed.CommandResult.Command;
        var path = CommandPath(parsed);
        foreach (var error in parsed.Errors)
        {
            err.WriteLine($"stratum: {error.Message}");
        }
        foreach (var token in parsed.UnmatchedTokens)
        {
            var candidates = token.StartsWith('-')
                ? Options(command).SelectMany(o => o.Aliases.Prepend(o.Name))
                : command.Subcommands.Select(c => c.Name);
            if (Nearest(token, candidates) is { } near)
            {
                err.WriteLine($"  did you mean {near}?");
            }
        }
        err.WriteLine($"  see `{path} --help`");
        return ExitCodes.Error;
    }

    /// <summary>The candidate closest to <paramref name="word"/> (edit distance at most a third of its length, and 3), or null.</summary>
    public static string? Nearest(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(word);
        var limit = Math.Min(3, Math.Max(1, word.TrimStart('-').Length / 3));
        return candidates.Distinct(StringComparer.Ordinal)
            .Select(c => (Candidate: c, Distance: Stratum.Text.NameSuggestions.Distance(word, c)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance).ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .Select(c => c.Candidate)
            .FirstOrDefault();
    }

    private static IEnumerable<Option> Options(Command command)
    {
        // The command's own options and every recursive (global) option of its parents.
        var all = new List<Option>(command.Options);
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            all.AddRange(parent.Options.Where(o => o.Recursive));
        }
        return all;
    }

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(r.Command.Name);
        }
        names.Reverse();
        names[0] = "stratum";
        return string.Join(' ', names);
    }
}
