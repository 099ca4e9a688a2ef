namespace Stratum.Contracts;

/// <summary>A contract that breaks the rules; <see cref="Problems"/> lists every one.</summary>
public sealed class ContractException : StratumException
{
    public ContractException() : this([]) { }

    public ContractException(string message) : base(message) => Problems = [];

    public ContractException(string message, Exception? inner) : base(message, inner) => Problems = [];

    public ContractException(IReadOnlyList<ContractProblem> problems)
        : base(problems.Count == 1 ? problems[0].ToString() : $"{problems.Count} problems:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
        => Problems = problems;

    public IReadOnlyList<ContractProblem> Problems { get; }
}
