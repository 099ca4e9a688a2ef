namespace Stratum;

/// <summary>A project file, environment variable or option that cannot be used. Exit code 2.</summary>
public sealed class ConfigException : StratumException
{
    public ConfigException() { }

    public ConfigException(string message) : base(message) { }

    public ConfigException(string message, Exception? inner) : base(message, inner) { }
}
