namespace Stratum.Audit;

/// <summary>The table cannot be audited as described: a named column is missing, has the wrong kind,
/// or plays two roles. <see cref="Problems"/> lists every one.</summary>
public sealed class AuditSetupException : StratumException
{
    public AuditSetupException() : this([]) { }

    public AuditSetupException(string message) : base(message) => Problems = [message];

    public AuditSetupException(string message, Exception? inner) : base(message, inner) => Problems = [message];

    public AuditSetupException(IReadOnlyList<string> problems)
        : base(problems.Count == 1 ? problems[0] : $"{problems.Count} problems:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
        => Problems = problems;

    public IReadOnlyList<string> Problems { get; }
}
