using System.Text.Json;
using Stratum.Hosting;
using Stratum.State;

namespace Stratum.Hosting.Tests;

/// <summary>The JSON shape writes enums in snake_case; a load's outcome keeps the text it has in the run log.</summary>
public sealed class HostJsonTests
{
    [Fact]
    public void A_load_outcome_is_written_as_its_run_log_text()
    {
        Assert.Equal("\"nothing-pending\"", JsonSerializer.Serialize(LoadOutcome.NothingPending, HostJson.Options));
        Assert.Equal("\"skipped-lease-held\"", JsonSerializer.Serialize(LoadOutcome.SkippedLeaseHeld, HostJson.Options));
    }
}
