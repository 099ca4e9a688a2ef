using Stratum.Names;

namespace Stratum.Contracts;

/// <summary>One business column of a table contract.</summary>
public sealed record ColumnSpec(Identifier Name, ColumnType Type, bool Nullable);
