namespace Stratum.ClickHouse.RowBinary;

/// <summary>A <see cref="RowBinaryReader"/> read past the bytes it has: more must be read from the stream first.</summary>
public sealed class EndOfWindowException : Exception
{
    public EndOfWindowException() : base("RowBinary: read past the end of the available bytes") { }

    public EndOfWindowException(string message) : base(message) { }

    public EndOfWindowException(string message, Exception? inner) : base(message, inner) { }
}
