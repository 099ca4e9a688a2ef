using Stratum.State;

namespace Stratum.Cli.Tests;

/// <summary>
/// A contract changed after data was loaded (issue 11, item 9). Written against the loader alone, so
/// it runs on the code before the change too: there the load went on and wrote a new version of every
/// key the file touched (the stored hashes cover the old tracked set), here it is refused.
/// </summary>
public class ContractChangeTests
{
    [Fact]
    public async Task A_changed_tracked_set_is_refused_instead_of_writing_a_new_version_of_every_key()
    {
        using var w = new ContractWorld();
        await w.LandFirstTwoAsync();
        Assert.Equal(LoadOutcome.Loaded, (await w.LoadAsync()).Outcome);
        Assert.Equal(4, (await w.RowsAsync()).Count);

        w.UseContract(ContractWorld.V2);
        await w.LandAsync("c.csv", """
            id,updated,status,priority,owner
            k1,2025-06-21T12:00:00Z,closed,p3,ann
            k2,2025-06-21T12:00:00Z,open,p3,bob
            """);
        var run = await w.LoadAsync();

        Assert.Equal(4, (await w.RowsAsync()).Count); // before the change: 6, a version of each key for a priority nobody tracks any more
        Assert.Equal(LoadOutcome.Failed, run.Outcome);
        Assert.Contains("tracked: −priority", run.Error, StringComparison.Ordinal);
        Assert.Contains("column owner: added (string?)", run.Error, StringComparison.Ordinal);
        Assert.Contains("stratum migrate --table tickets", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, run.FilesCommitted); // c.csv stays pending
    }

    [Fact]
    public async Task A_narrower_tracked_set_alone_is_refused_instead_of_writing_a_new_version_of_every_key()
    {
        using var w = new ContractWorld();
        await w.LandFirstTwoAsync();
        Assert.Equal(LoadOutcome.Loaded, (await w.LoadAsync()).Outcome);

        w.UseContract(ContractWorld.V1.Replace("key: [id]", "key: [id]\ntracked: [status]", StringComparison.Ordinal));
        await w.LandAsync("c.csv", """
            id,updated,status,priority
            k1,2025-06-21T12:00:00Z,closed,p3
            k2,2025-06-21T12:00:00Z,open,p3
            """);
        var run = await w.LoadAsync();

        // Before the change: loaded, 6 rows — c.csv changed only priority, yet each key got a version.
        Assert.Equal(4, (await w.RowsAsync()).Count);
        Assert.Equal(LoadOutcome.Failed, run.Outcome);
        Assert.Contains("tracked: −priority", run.Error, StringComparison.Ordinal);
        Assert.Contains("stratum migrate --table tickets", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_contract_loads_on()
    {
        using var w = new ContractWorld();
        await w.LandFirstTwoAsync();
        Assert.Equal(LoadOutcome.Loaded, (await w.LoadAsync()).Outcome);
        await w.LandAsync("c.csv", """
            id,updated,status,priority
            k1,2025-06-21T12:00:00Z,closed,p3
            """);
        Assert.Equal(LoadOutcome.Loaded, (await w.LoadAsync()).Outcome);
        Assert.Equal(5, (await w.RowsAsync()).Count);
    }
}
