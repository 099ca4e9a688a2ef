using Spectre.Console;
using Stratum.Cli.Output;
using Stratum.Names;
using Stratum.State;

namespace Stratum.Cli.Tests.Usage;

/// <summary>A run that quarantined files did its work, and the run log says `loaded`; the summary a person reads never says only that.</summary>
public sealed class RunTableTests
{
    private static RunRecord Run(long committed, long quarantined) => new()
    {
        LoadId = "L1",
        Stream = new StreamId(TenantId.Parse("acme"), Identifier.Parse("contacts")),
        Owner = "w",
        Started = DateTimeOffset.UnixEpoch,
        Finished = DateTimeOffset.UnixEpoch.AddSeconds(1),
        Outcome = LoadOutcome.Loaded,
        FilesCommitted = committed,
        FilesQuarantined = quarantined,
    };

    private static string Render(RunRecord run)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 400;
        console.Write(RunTable.Build([run]));
        return text.ToString();
    }

    [Theory]
    [InlineData(0, 2, "every new file quarantined")]
    [InlineData(3, 1, "loaded, some files quarantined")]
    [InlineData(3, 0, "loaded")]
    public void The_outcome_cell_says_when_files_were_quarantined(long committed, long quarantined, string shown)
    {
        var text = Render(Run(committed, quarantined));
        Assert.Contains(shown, text, StringComparison.Ordinal);
        if (quarantined > 0)
        {
            Assert.DoesNotContain("│ loaded ", text, StringComparison.Ordinal);
        }
    }
}
