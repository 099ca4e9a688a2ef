using Stratum.Contracts;
using Stratum.Names;
using Stratum.Objects;

namespace Stratum.Hosting;

/// <summary>
/// The streams a pass covers (tenant × contract) and what landed that no stream will ever load
/// (empty when the pass was narrowed to some tenants or tables: only a whole pass surveys the root).
/// </summary>
public sealed record StreamSet(IReadOnlyList<(StreamId Stream, TableContract Contract)> Streams, IReadOnlyList<UnloadableObject> Unloadable);
