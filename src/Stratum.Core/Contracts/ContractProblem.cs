namespace Stratum.Contracts;

/// <summary>One problem found in a contract: the file, the field (dotted path), the line where known.</summary>
public sealed record ContractProblem(string Source, string Field, string Message, int Line = 0)
{
    public override string ToString()
        => Line > 0 ? $"{Source}:{Line}: {Field}: {Message}" : $"{Source}: {Field}: {Message}";
}
