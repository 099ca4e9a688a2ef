using Stratum.Names;

namespace Stratum.Audit;

/// <summary>One column of an existing table as the warehouse describes it: name, the warehouse's type text
/// (for messages only, never spliced into SQL), its class and whether it holds NULLs.</summary>
public sealed record SchemaColumn(Identifier Name, string Type, ColumnClass Class, bool Nullable);
