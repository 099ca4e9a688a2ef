namespace Stratum.Cli.Output;

/// <summary>Exit codes scripts can trust, the same for every command.</summary>
public static class ExitCodes
{
    /// <summary>Done, nothing wrong.</summary>
    public const int Ok = 0;

    /// <summary>Done, and something needs a person: a load failed, files were quarantined, a check or audit found problems.</summary>
    public const int Findings = 1;

    /// <summary>Could not do it: bad usage, configuration, contract, or an unreachable store.</summary>
    public const int Error = 2;
}
