using Stratum.Lambda;
using Stratum.Lambda.RuntimeApi;

// The Lambda runtime starts `bootstrap` with AWS_LAMBDA_RUNTIME_API set; anywhere else it says so and stops.
if (Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") is not { Length: > 0 } runtimeApi)
{
    await Console.Error.WriteLineAsync("bootstrap: AWS_LAMBDA_RUNTIME_API is not set; this is the AWS Lambda entry point of Stratum (docs/aws-lambda.md). Use `stratum` on a machine.");
    return 2;
}
using var api = new RuntimeApiClient(runtimeApi);
using var shutdown = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    shutdown.Cancel();
};
try
{
    return await new Bootstrap(api, Environment.GetEnvironmentVariable, Console.Error).RunAsync(shutdown.Token);
}
catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
{
    return 0;
}
