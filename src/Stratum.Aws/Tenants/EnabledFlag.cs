using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Stratum.Aws.Tenants;

/// <summary>
/// Reads an <c>enabled</c> attribute as the legacy pipeline may have written it: a boolean, a
/// number (non-zero) or a string (true/yes/1/enabled). Anything else, or absent, is disabled.
/// </summary>
internal static class EnabledFlag
{
    public static bool IsEnabled(AttributeValue? value) => value switch
    {
        null => false,
        { BOOL: { } b } => b,
        { N: { } n } => decimal.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d != 0,
        { S: { } s } => s.Trim().ToLowerInvariant() is "true" or "yes" or "1" or "enabled" or "y",
        _ => false,
    };
}
