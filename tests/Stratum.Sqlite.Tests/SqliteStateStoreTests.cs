using Stratum.State;
using Stratum.Testing.State;

namespace Stratum.Sqlite.Tests;

/// <summary>SQLite stores for the state-store role suites: a fresh file per store in a temp folder.</summary>
public sealed class SqliteStores : IStateStoreFactory, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-sqlite-").FullName;

    public async Task<IStateStore> CreateAsync(TimeProvider clock)
    {
        var store = new SqliteStateStore(Path.Combine(_dir, $"{Guid.NewGuid():N}.db"), clock);
        await store.EnsureCreatedAsync(default);
        return store;
    }

    public async Task<IStateStore> OpenAgainAsync(IStateStore first, TimeProvider clock)
    {
        var again = new SqliteStateStore(((SqliteStateStore)first).Path, clock);
        await again.EnsureCreatedAsync(default);
        return again;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}

public sealed class SqliteLeaseContract : LeaseContractTests<SqliteStores>;

public sealed class SqliteLedgerContract : LedgerContractTests<SqliteStores>;

public sealed class SqliteRunLogContract : RunLogContractTests<SqliteStores>;

public sealed class SqliteBreakerStoreContract : BreakerStoreContractTests<SqliteStores>;
