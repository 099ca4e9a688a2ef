using Stratum.Names;

namespace Stratum.Warehouse;

/// <summary>
/// A publish was refused because a newer lease holder has published (or is publishing) the same
/// stream: nothing of it landed. Not transient: retrying with the same lease cannot succeed; the
/// files stay pending and the current lease holder loads them.
/// </summary>
public sealed class StalePublishException : StratumException
{
    public StalePublishException(StreamId stream, long token, string detail)
        : base($"stale publish refused for {stream}: lease token {token} {detail}; nothing was published", isTransient: false)
    {
        Stream = stream;
        Token = token;
    }

    public StreamId Stream { get; }

    public long Token { get; }
}
