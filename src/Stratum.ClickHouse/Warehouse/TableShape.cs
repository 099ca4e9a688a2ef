namespace Stratum.ClickHouse.Warehouse;

/// <summary>What system.tables and system.columns say about an existing table.</summary>
public sealed record TableShape(string Engine, string PartitionKey, string SortingKey, IReadOnlyList<(string Name, string Type)> Columns);
