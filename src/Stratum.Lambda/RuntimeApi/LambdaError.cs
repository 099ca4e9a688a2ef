namespace Stratum.Lambda.RuntimeApi;

/// <summary>
/// An error as the Runtime API takes it: a type (<c>Stratum.ConfigError</c>, <c>Stratum.BadEvent</c>,
/// <c>Stratum.LoadFailed</c>, <c>Stratum.InternalError</c>) and a message that names what failed.
/// </summary>
internal sealed record LambdaError(string Type, string Message)
{
    public const string ConfigError = "Stratum.ConfigError";
    public const string BadEvent = "Stratum.BadEvent";
    public const string LoadFailed = "Stratum.LoadFailed";
    public const string InternalError = "Stratum.InternalError";
}
