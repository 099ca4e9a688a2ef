using Stratum.Names;

namespace Stratum.ClickHouse.Warehouse;

/// <summary>One column of a target table: its name, its ClickHouse type, and the contract column it holds (-1 for SCD columns).</summary>
public sealed record LayoutColumn(Identifier Name, WireType Type, int ContractOrdinal);
