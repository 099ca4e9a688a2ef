using System.Diagnostics;
using System.Text.Json;

namespace Stratum.Simulation.Chaos;

/// <summary>
/// One worker process (<c>stratum load … --json</c>) and the signals the campaign sends it:
/// SIGKILL, SIGSTOP and SIGCONT (POSIX only). Output is drained as it comes, so a worker never
/// blocks on a full pipe.
/// </summary>
public sealed class ChaosWorker : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly Stopwatch _age = Stopwatch.StartNew();
    private int _stopped;

    private ChaosWorker(Process process, string name)
    {
        _process = process;
        Name = name;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool Killed { get; private set; }

    public bool Stopped => Volatile.Read(ref _stopped) == 1;

    public bool HasExited => _process.HasExited;

    public TimeSpan Age => _age.Elapsed;

    public static ChaosWorker Start(ProcessStartInfo psi, string name) => new(Process.Start(psi) ?? throw new InvalidOperationException("could not start a worker process"), name);

    /// <summary>Sends a signal with kill(1): no unsafe code, no P/Invoke.</summary>
    private static int Signal(int pid, string signal)
    {
        var psi = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        psi.ArgumentList.Add("-" + signal);
        psi.ArgumentList.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        return p.ExitCode;
    }

    /// <summary>SIGKILL: no cleanup, no lease release, no flush.</summary>
    public bool Kill()
    {
        if (_process.HasExited)
        {
            return false;
        }
        try
        {
            _process.Kill();
            Killed = true;
            Continue(); // a stopped process dies on SIGKILL too; this only keeps the bookkeeping straight
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public bool Stop()
    {
        if (_process.HasExited || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return false;
        }
        return Signal(_process.Id, "STOP") == 0;
    }

    public void Continue()
    {
        if (Interlocked.Exchange(ref _stopped, 0) == 1 && !_process.HasExited)
        {
            _ = Signal(_process.Id, "CONT");
        }
    }

    /// <summary>Waits for the exit, at most <paramref name="timeout"/>; then SIGCONT and SIGKILL (reported as a timeout).</summary>
    public async Task<string> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Continue();
            _process.Kill();
            await _process.WaitForExitAsync(ct);
            return "timeout";
        }
        return await OutcomeAsync();
    }

    /// <summary>The run's outcome from its JSON (loaded, nothing-pending, lost-lease, …), "killed", or "exit N".</summary>
    public async Task<string> OutcomeAsync()
    {
        var text = await _stdout;
        var err = await _stderr;
        if (Killed)
        {
            return "killed";
        }
        try
        {
            using var doc = JsonDocument.Parse(text);
            var outcome = doc.RootElement[0].GetProperty("outcome").GetString() ?? "?";
            return outcome;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IndexOutOfRangeException or KeyNotFoundException)
        {
            var line = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
            return $"exit {_process.ExitCode}: {(line.Length > 160 ? line[..160] : line)}";
        }
    }

    /// <summary>The run's error message, if its JSON carries one.</summary>
    public async Task<string?> ErrorAsync()
    {
        try
        {
            using var doc = JsonDocument.Parse(await _stdout);
            return doc.RootElement[0].TryGetProperty("error", out var e) ? e.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        Continue();
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill();
            }
            catch (InvalidOperationException)
            {
            }
        }
        _process.Dispose();
    }
}
