namespace Stratum.Migration;

/// <summary>
/// The table was written under another contract than the one a load now brings: the load refuses
/// the stream (not transient; files stay pending) and says what changed and how to go on.
/// </summary>
public sealed class ContractChangedException : StratumException
{
    public ContractChangedException() { }

    public ContractChangedException(string message) : base(message) { }

    public ContractChangedException(string message, Exception? inner) : base(message, inner) { }

    public ContractChangedException(string table, ContractDiff diff)
        : base(Text(table, diff ?? throw new ArgumentNullException(nameof(diff))))
        => Diff = diff;

    public ContractDiff? Diff { get; }

    private static string Text(string table, ContractDiff diff)
        => $"the contract of {table} changed since its rows were written ({(diff.IsEmpty ? "the stored contract is of an older form" : diff.Summary)}); "
           + $"nothing was loaded, the files stay pending. Run `stratum migrate --table {table}` to preview the rewrite, "
           + "then `stratum migrate --table " + table + " --execute` to apply it (or put the contract back as it was)";
}
