using Stratum.Names;

namespace Stratum.State;

/// <summary>
/// The right to load one stream until <see cref="ExpiresAt"/>. <see cref="Token"/> is a fencing
/// token: it only grows, every acquisition gets a larger one, and renew and commit succeed only
/// with the current token, so a worker that lost its lease cannot commit.
/// </summary>
public sealed record Lease(StreamId Stream, string Owner, long Token, DateTimeOffset ExpiresAt);
