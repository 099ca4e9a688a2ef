using Stratum.Names;

namespace Stratum.State;

/// <summary>
/// The state store port: its four roles — <see cref="ILeaseStore"/> (leases that coordinate
/// workers), <see cref="ILedger"/> (the permanent file ledger), <see cref="IRunLog"/> (the run
/// log), <see cref="IBreakerStore"/> (each stream's circuit breaker) — kept in one store, since the
/// ledger's writes are conditional on the lease and every worker must see the breakers. Each role has
/// its own contract suite (tests/Stratum.Testing/State). Implementations need only single-item
/// conditional writes (DynamoDB) or one short transaction (SQLite).
/// </summary>
public interface IStateStore : ILeaseStore, ILedger, IRunLog, IBreakerStore, IAsyncDisposable
{
    string Describe { get; }

    /// <summary>Creates tables if they do not exist. Safe to call from many workers at once.</summary>
    Task EnsureCreatedAsync(CancellationToken cancellationToken);

    /// <summary>Every stream that has a ledger entry or a run.</summary>
    Task<IReadOnlyList<StreamId>> ListStreamsAsync(CancellationToken cancellationToken);
}
