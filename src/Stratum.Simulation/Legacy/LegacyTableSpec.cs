using Stratum.Names;

namespace Stratum.Simulation.Legacy;

/// <summary>
/// A legacy table to create: columns in order, partitioned (ClickHouse) by
/// <c>(tenant, toYYYYMM(month column))</c> and ordered by <see cref="OrderBy"/>. DuckDB has no
/// partitions and ignores both. Rows are <c>object?[]</c> aligned with the columns: string,
/// DateTime (UTC), double, bool, uint, or null.
/// </summary>
public sealed record LegacyTableSpec(Identifier Table, IReadOnlyList<LegacyColumn> Columns, Identifier Tenant, Identifier MonthOf, IReadOnlyList<Identifier> OrderBy)
{
    public int Ordinal(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name.Value == name)
            {
                return i;
            }
        }
        throw new KeyNotFoundException($"{Table} has no column '{name}'");
    }
}
