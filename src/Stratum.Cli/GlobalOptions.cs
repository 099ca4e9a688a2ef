using System.CommandLine;
using Stratum.Configuration;

namespace Stratum.Cli;

/// <summary>Options every command takes. Each overrides the project file and the environment.</summary>
public sealed class GlobalOptions
{
    public Option<string?> Project { get; } = new("--project") { Description = "Project file or folder (default: ./stratum.yaml if present; env STRATUM_PROJECT)", Recursive = true };
    public Option<string?> Objects { get; } = new("--objects") { Description = "Object store URL, e.g. file:///data/landing (env STRATUM_OBJECTS)", Recursive = true };
    public Option<string?> State { get; } = new("--state") { Description = "State store URL, e.g. sqlite:///var/lib/stratum/state.db (env STRATUM_STATE)", Recursive = true };
    public Option<string?> Warehouse { get; } = new("--warehouse") { Description = "Warehouse URL, e.g. duckdb://./warehouse.duckdb (env STRATUM_WAREHOUSE)", Recursive = true };
    public Option<string?> Tenants { get; } = new("--tenants") { Description = "Tenant registry: auto (folders with canonical/), a comma list (env STRATUM_TENANTS)", Recursive = true };
    public Option<string?> Contracts { get; } = new("--contracts") { Description = "Folder of table contracts (env STRATUM_CONTRACTS)", Recursive = true };
    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON document on stdout instead of tables", Recursive = true };

    public IEnumerable<Option> All => [Project, Objects, State, Warehouse, Tenants, Contracts, Json];

    public ProjectSettings Settings(ParseResult r)
    {
        var s = ProjectSettings.Load(r.GetValue(Project), Environment.GetEnvironmentVariable);
        return s with
        {
            Objects = r.GetValue(Objects) ?? s.Objects,
            State = r.GetValue(State) ?? s.State,
            Warehouse = r.GetValue(Warehouse) ?? s.Warehouse,
            Tenants = r.GetValue(Tenants) ?? s.Tenants,
            Contracts = r.GetValue(Contracts) ?? s.Contracts,
        };
    }
}
