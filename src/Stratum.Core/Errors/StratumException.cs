namespace Stratum;

/// <summary>
/// The one base of Stratum's exceptions. <see cref="IsTransient"/> tells the retry policy whether
/// trying again can succeed (network, lock, server busy) or not (bad data, schema mismatch).
/// </summary>
public class StratumException : Exception
{
    public StratumException() { }

    public StratumException(string message) : base(message) { }

    public StratumException(string message, Exception? inner) : base(message, inner) { }

    public StratumException(string message, bool isTransient, Exception? inner = null) : base(message, inner)
        => IsTransient = isTransient;

    public virtual bool IsTransient { get; }
}
