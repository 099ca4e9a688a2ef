using Stratum.Names;

namespace Stratum.Audit;

/// <summary>An existing table: its columns in table order and, where the warehouse has them, its
/// engine and partition key (ClickHouse; DuckDB tables have none).</summary>
public sealed record TableSchema(Identifier Table, IReadOnlyList<SchemaColumn> Columns, string Engine = "", string PartitionKey = "")
{
    public SchemaColumn? Find(Identifier name) => Columns.FirstOrDefault(c => c.Name == name);
}
