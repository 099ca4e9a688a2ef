using Stratum.Simulation;
using Stratum.Contracts;
using Stratum.Names;

namespace Stratum.ClickHouse.Tests.Loading;

/// <summary>The incident's stream: time_entries of one tenant, from the example contracts.</summary>
internal static class LoadSetup
{
    public static TableContract TimeEntries()
    {
        var (name, text) = ExampleContracts.All().Single(c => c.Name == "time_entries.yaml");
        return ContractLoader.Parse(text, name);
    }

    public static StreamId Stream(TableContract contract) => new(TenantId.Parse("sitetechnology"), contract.Table);

    /// <summary>A fresh folder, deleted when disposed.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("stratum-ch-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
