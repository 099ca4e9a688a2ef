namespace Stratum.Aws.Dynamo;

internal static class DynamoTableName
{
    /// <summary>DynamoDB's rule: 3-255 characters of A-Z, a-z, 0-9, '_', '-', '.'.</summary>
    public static string Check(string name)
    {
        if (name.Length is < 3 or > 255 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new StratumException($"'{name}' is not a valid DynamoDB table name (3-255 characters of A-Z, a-z, 0-9, '_', '-', '.')");
        }
        return name;
    }
}
