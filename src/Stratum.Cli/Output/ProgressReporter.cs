using Stratum.Loading;

namespace Stratum.Cli.Output;

/// <summary>Progress of loads as plain lines on stderr, at most one per stream every two seconds.</summary>
public static class ProgressReporter
{
    public static Action<LoadProgress>? For(Printer printer)
    {
        if (printer.Json)
        {
            return null;
        }
        var last = new Dictionary<string, long>();
        return p =>
        {
            var now = Environment.TickCount64;
            lock (last)
            {
                if (p.Stage is not ("committed" or "waiting") && last.TryGetValue(p.Stream.Key, out var t) && now - t < 2000)
                {
                    return;
                }
                last[p.Stream.Key] = now;
            }
            printer.Progress(p.Stage switch
            {
                "committed" => $"{p.Stream.Key}: {p.FilesDone}/{p.FilesPending} files committed, {p.RowsRead:N0} rows read",
                "waiting" => $"{p.Stream.Key}: waiting for {p.Detail}, held by another process…",
                "publishing" => $"{p.Stream.Key}: publishing… {p.RowsRead:N0} of {p.Detail} rows planned and sent",
                _ => $"{p.Stream.Key}: reading… {p.RowsRead:N0} rows",
            });
        };
    }
}
