using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Stratum.Cli.Tests;

/// <summary>
/// The README's commands, executed as written, so the first page cannot drift from the tool: the
/// first of the two commands on a fresh machine (the demo, through <c>dotnet run</c>), and the
/// five-minute walkthrough line by line with the exit code each is documented to give. The second
/// of the two commands is the test suite itself; the test checks that CI runs exactly it.
/// </summary>
public sealed partial class ReadmeTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public async Task The_first_command_runs_the_demo_as_written()
    {
        var commands = Commands(Section("Two commands on a fresh machine"));
        Assert.Equal(["dotnet run --project src/Stratum.Cli -c Release -- demo", "bash scripts/test.sh"], commands);

        var (exit, output) = await BashAsync(Root, commands[0], TimeSpan.FromMinutes(5));

        Assert.True(exit == 0, $"exit {exit}\n{output}");
        Assert.Contains("Every worker but one per wave found the stream's lease held", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_second_command_is_what_CI_runs()
    {
        var ci = File.ReadAllText(Path.Combine(Root, ".ci", "run"));
        Assert.Contains(Commands(Section("Two commands on a fresh machine"))[1], ci, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_walkthrough_runs_as_written_with_its_documented_exit_codes()
    {
        var lines = Commands(Section("Five-minute walkthrough"));
        // The install lines are replaced by the tool under test; a service and the long campaigns are
        // not run here (serve has its own process tests, the campaigns run bounded in Chaos/).
        Assert.StartsWith("dotnet publish src/Stratum.Cli -c Release", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("export PATH=", lines[1], StringComparison.Ordinal);
        var skipped = new[] { "stratum serve", "stratum simulate --chaos", "stratum simulate --workers 16 --processes", "stratum restore CLEANUP_ID" };
        var run = lines.Skip(2).Where(l => !skipped.Any(s => l.StartsWith(s, StringComparison.Ordinal))).ToList();
        Assert.Equal(skipped.Length, lines.Count - 2 - run.Count);

        var home = Directory.CreateTempSubdirectory("stratum-readme-").FullName;
        try
        {
            var script = new StringBuilder();
            script.AppendLine(CultureInfo.InvariantCulture, $"stratum() {{ dotnet '{StratumProcess.Dll}' \"$@\"; }}");
            script.AppendLine("export HOME=\"$1\"");
            foreach (var (line, i) in run.Select((l, i) => (l, i)))
            {
                script.AppendLine(line);
                script.AppendLine(CultureInfo.InvariantCulture, $"echo \"::{i}:$?::\"");
            }
            var file = Path.Combine(home, "walkthrough.sh");
            await File.WriteAllTextAsync(file, script.ToString());

            var (exit, output) = await BashAsync(home, $"bash '{file}' '{home}'", TimeSpan.FromMinutes(5));

            Assert.True(exit == 0, $"exit {exit}\n{output}");
            for (var i = 0; i < run.Count; i++)
            {
                var m = Regex.Match(output, $"::{i}:(\\d+)::");
                Assert.True(m.Success, $"'{run[i]}' did not run\n{output}");
                var expected = Expected(run[i]);
                Assert.True(expected.Contains(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)),
                    $"'{run[i]}' exited {m.Groups[1].Value}, the README leads a reader to expect {string.Join(" or ", expected)}\n{output}");
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>
    /// Exit 0 for every line, except those the README documents otherwise: <c>check</c> exits 1 when a
    /// threshold fails (the walkthrough's file is from 2025, so freshness fails), <c>audit</c> of the
    /// incident's table exits 1 on its findings, and a dry-run <c>clean</c> exits 1 when there is
    /// something to clean (the commands' <c>--help</c> and docs/audit-and-repair.md say so).
    /// </summary>
    private static int[] Expected(string line) => line switch
    {
        _ when line.StartsWith("stratum check", StringComparison.Ordinal) => [0, 1],
        _ when line.StartsWith("stratum audit", StringComparison.Ordinal) => [1],
        _ when line.StartsWith("stratum clean", StringComparison.Ordinal) && !line.Contains("--execute", StringComparison.Ordinal) => [1],
        _ => [0],
    };

    /// <summary>The first bash block after the heading.</summary>
    private static string Section(string heading)
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var at = readme.IndexOf("## " + heading, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md has no section '{heading}'");
        var start = readme.IndexOf("```bash\n", at, StringComparison.Ordinal) + "```bash\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        return readme[start..end];
    }

    /// <summary>The block's commands: comment lines and trailing comments dropped, heredocs kept whole.</summary>
    private static List<string> Commands(string block)
    {
        var commands = new List<string>();
        var lines = block.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }
            if (HeredocStart().Match(line) is { Success: true } h)
            {
                var body = new StringBuilder(line);
                while (++i < lines.Length && lines[i] != h.Groups[1].Value)
                {
                    body.Append('\n').Append(lines[i]);
                }
                commands.Add(body.Append('\n').Append(h.Groups[1].Value).ToString());
                continue;
            }
            commands.Add(TrailingComment().Replace(line, "").TrimEnd());
        }
        return commands;
    }

    private static async Task<(int Exit, string Output)> BashAsync(string directory, string command, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command + " 2>&1");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "README.md")) && File.Exists(Path.Combine(d.FullName, "Stratum.slnx")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException($"no repository root above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"<<'?(\w+)'?\s*$")]
    private static partial Regex HeredocStart();

    /// <summary>A comment after a command: two or more spaces, then <c>#</c> (a <c>#</c> inside a word, as in a URL fragment, is kept).</summary>
    [GeneratedRegex(@"\s{2,}#.*$")]
    private static partial Regex TrailingComment();
}
