namespace Stratum;

/// <summary>A name (table, column, tenant) that breaks the naming rules.</summary>
public sealed class InvalidNameException : StratumException
{
    public InvalidNameException() { }

    public InvalidNameException(string message) : base(message) { }

    public InvalidNameException(string message, Exception? inner) : base(message, inner) { }
}
