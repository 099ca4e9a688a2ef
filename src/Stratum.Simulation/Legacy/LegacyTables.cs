using Stratum.ClickHouse.Warehouse;
using Stratum.DuckDb;
using Stratum.Warehouse;

namespace Stratum.Simulation.Legacy;

/// <summary>The legacy-table writer of a warehouse (`stratum simulate --legacy-incident`, the audit's tests).</summary>
public static class LegacyTables
{
    public static ILegacyTableWriter For(IWarehouse warehouse) => warehouse switch
    {
        DuckDbWarehouse d => new DuckDbLegacyTables(d),
        ClickHouseWarehouse c => new ClickHouseLegacyTables(c),
        _ => throw new ConfigException($"{warehouse.Describe}: cannot create legacy tables in this warehouse"),
    };
}
