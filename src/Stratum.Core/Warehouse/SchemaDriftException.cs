namespace Stratum.Warehouse;

/// <summary>The target table exists with columns or types the contract does not describe. Permanent.</summary>
public sealed class SchemaDriftException : StratumException
{
    public SchemaDriftException() { }

    public SchemaDriftException(string message) : base(message) { }

    public SchemaDriftException(string message, Exception? inner) : base(message, inner) { }

    public SchemaDriftException(string table, IReadOnlyList<string> differences)
        : base($"table '{table}' does not match its contract:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", differences))
        => Differences = differences;

    public IReadOnlyList<string> Differences { get; } = [];
}
