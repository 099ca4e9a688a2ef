namespace Stratum.Contracts;

/// <summary>What to do with an input column the contract does not declare.</summary>
public enum UnknownColumnPolicy
{
    /// <summary>Read past it (the default: sources add fields over time).</summary>
    Ignore,

    /// <summary>Quarantine the file: the source changed and a person should look.</summary>
    Reject,
}
