namespace Stratum;

/// <summary>
/// A store is held by another worker for a moment (a DuckDB file open for writing in another
/// process, a SQLite write transaction): transient, and worth waiting for longer than a network
/// fault — the loader retries it with short delays until its lease's time runs out, and says that
/// it is waiting ("waiting for the warehouse file …, held by another process…").
/// </summary>
public sealed class ResourceBusyException : StratumException
{
    /// <param name="resource">What is held, e.g. "the warehouse file /data/w.duckdb".</param>
    /// <param name="detail">What the server or library said, shown in brackets.</param>
    /// <param name="inner">The adapter's own exception, if any.</param>
    public ResourceBusyException(string resource, string detail, Exception? inner = null)
        : base($"{resource} is held by another process ({detail})", isTransient: true, inner)
        => Resource = resource;

    public string Resource { get; }
}
