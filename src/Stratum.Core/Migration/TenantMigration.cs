using System.Text.Json.Serialization;
using Stratum.Planning;

namespace Stratum.Migration;

/// <summary>
/// What a migration does to one tenant's rows: keys, rows before and after, versions that collapse
/// (consecutive versions now equal under the new tracked set), keys rewritten, and any reason the
/// new history fails the invariants (then nothing may be written). <see cref="Plan"/> holds the new
/// history of every key (under the new contract), its <see cref="KeyPlan.Changed"/> marking the
/// keys whose rows change.
/// </summary>
public sealed record TenantMigration(string Tenant, long Keys, long RowsBefore, long RowsAfter, long VersionsCollapsed, long KeysChanged, IReadOnlyList<string> Problems)
{
    [JsonIgnore]
    public LoadPlan Plan { get; init; } = new([], new PlanCounts(), []);
}
