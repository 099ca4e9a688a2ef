namespace Stratum.Aws.Tests;

/// <summary>
/// One request as <see cref="FaultProxy"/>'s plan sees it: its 1-based number, its operation
/// (DynamoDB's X-Amz-Target or S3's "METHOD path"), and how often the same request was seen
/// before (0 on the first attempt, 1 on the first retry…).
/// </summary>
internal sealed record FaultRequest(int Number, string Operation, int Repeat);
