namespace Stratum.Audit;

/// <summary>A table's row count and the sum of a hash of every row over every column (ClickHouse
/// <c>cityHash64</c>, DuckDB <c>hash</c>): two tables with equal checksums hold the same rows, as many times.</summary>
public sealed record TableChecksum(long Rows, string Sum)
{
    public override string ToString() => $"{Rows} rows, hash sum {Sum}";
}
