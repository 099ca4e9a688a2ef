using Stratum.Sqlite;
using Stratum.State;
using Stratum.Testing;

namespace Stratum.Sqlite.Tests;

public sealed class SqliteStateStoreTests : StateStoreContractTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-sqlite-").FullName;

    protected override async Task<IStateStore> CreateAsync()
    {
        var store = new SqliteStateStore(Path.Combine(_dir, $"{Guid.NewGuid():N}.db"), Clock);
        await store.EnsureCreatedAsync(default);
        return store;
    }

    protected override async Task<IStateStore> OpenAgainAsync(IStateStore first)
    {
        var again = new SqliteStateStore(((SqliteStateStore)first).Path, Clock);
        await again.EnsureCreatedAsync(default);
        return again;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
