using System.Diagnostics;
using System.Text;

namespace Stratum.Lambda.Tests;

/// <summary>
/// The built <c>bootstrap</c> run as Lambda runs it: a process with AWS_LAMBDA_RUNTIME_API and the
/// function's environment, polling the Runtime API until it is stopped. Its log (stderr) is kept.
/// </summary>
public sealed class BootstrapProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public BootstrapProcess(RuntimeApiServer api, string workingDirectory, IReadOnlyDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bootstrap.dll"));
        // Nothing of the test runner's own STRATUM_* settings leaks in: the function's environment is the test's.
        foreach (var k in psi.Environment.Keys.Where(k => k.StartsWith("STRATUM_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(k);
        }
        psi.Environment["AWS_LAMBDA_RUNTIME_API"] = api.Address;
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }
        _process = Process.Start(psi)!;
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
