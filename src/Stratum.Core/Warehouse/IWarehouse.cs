using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Reading;

namespace Stratum.Warehouse;

/// <summary>
/// The warehouse port: where SCD tables live (DuckDB embedded, ClickHouse). Every target table
/// holds the contract's columns plus the SCD columns; a tenant's rows are published atomically.
/// </summary>
public interface IWarehouse : IAsyncDisposable
{
    /// <summary>A display form (no secrets).</summary>
    string Describe { get; }

    /// <summary>The finest timestamp the warehouse stores exactly (DuckDB 1 µs; ClickHouse before
    /// DateTime64, 1 s). Incoming timestamps are truncated to it before hashing, so a version read
    /// back equals the version written.</summary>
    TimeSpan TimestampResolution { get; }

    /// <summary>The timestamps the warehouse stores (timestamp columns and the SCD effective and
    /// expiration dates, which come from event times). Outside it a file is refused when read.
    /// Like <see cref="TimestampResolution"/>, read before any async call.</summary>
    TimestampRange TimestampRange { get; }

    /// <summary>The dates the warehouse stores in date columns. Outside it a file is refused when read.</summary>
    DateRange DateRange { get; }

    /// <summary>Creates the table if missing, and stores the contract's fingerprint with it in the same step
    /// (<see cref="StoredContract.Origins.Created"/>); throws <see cref="SchemaDriftException"/> when it exists with other columns.</summary>
    Task EnsureTableAsync(TableContract contract, CancellationToken cancellationToken);

    /// <summary>The contract last stored with the table (<c>stratum_contracts</c>), or null when none is
    /// (the table does not exist, or was created before fingerprints existed).</summary>
    Task<StoredContract?> ReadContractAsync(Identifier table, CancellationToken cancellationToken);

    /// <summary>Stores the contract's fingerprint and canonical text with the table (it becomes the one
    /// <see cref="ReadContractAsync"/> answers).</summary>
    Task StoreContractAsync(TableContract contract, string origin, CancellationToken cancellationToken);

    /// <summary>The rows of the given keys of a tenant, every version.</summary>
    Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(TableContract contract, TenantId tenant, IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken);

    /// <summary>Every row of a tenant (snapshot deletes, verification, repair).</summary>
    Task<IReadOnlyList<VersionRow>> ReadAllAsync(TableContract contract, TenantId tenant, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a publish of the tenant's keys that is filled chunk by chunk (<see cref="IPublication"/>):
    /// readers see all of it or none, and memory is bounded by a chunk. With a fence, a publish
    /// whose lease token is older than one that has published the stream is refused with
    /// <see cref="StalePublishException"/> and never lands, however late it runs (each adapter
    /// documents how); a warehouse may check it here already. Without one (tools, tests that hold
    /// no lease) nothing is checked. <see cref="Publishing.PublishAsync"/> publishes one plan held whole.
    /// </summary>
    Task<IPublication> BeginPublishAsync(TableContract contract, TenantId tenant, PublishFence? fence, CancellationToken cancellationToken);

    Task<TableStats> GetStatsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken);

    /// <summary>
    /// Counts exact duplicates and SCD violations in the table (of one tenant, or all) with cheap
    /// aggregate queries run in the warehouse (<c>stratum check</c>). A table that does not exist
    /// yet has none.
    /// </summary>
    Task<InvariantCounts> CountProblemsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken);

    /// <summary>Answers when the warehouse is reachable (readiness); throws otherwise.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
