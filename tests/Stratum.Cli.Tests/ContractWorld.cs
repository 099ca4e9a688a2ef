using Stratum.Contracts;
using Stratum.DuckDb;
using Stratum.Formats;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.Sqlite;
using Stratum.State;

namespace Stratum.Cli.Tests;

/// <summary>A project with one table, <c>tickets</c>, whose contract a test rewrites between loads; CSV files, SQLite, DuckDB.</summary>
public sealed class ContractWorld : IDisposable
{
    public const string V1 = Stratum.Testing.TestContracts.TicketsV1;

    /// <summary>priority no longer makes a version, and a nullable owner column is added (untracked).</summary>
    public const string V2 = Stratum.Testing.TestContracts.TicketsV2;

    public ContractWorld()
    {
        Dir = Directory.CreateTempSubdirectory("stratum-contract-").FullName;
        Directory.CreateDirectory(Path.Combine(Dir, "contracts"));
        File.WriteAllText(Path.Combine(Dir, "stratum.yaml"), """
            objects: file://./landing
            state: sqlite://./state.db
            warehouse: duckdb://./warehouse.duckdb
            tenants: acme
            contracts: ./contracts
            """);
        Objects = new LocalFolderObjectStore(Path.Combine(Dir, "landing"));
        UseContract(V1);
    }

    public string Dir { get; }
    public LocalFolderObjectStore Objects { get; }
    public TableContract Contract { get; private set; } = null!;
    public StreamId Stream => new(TenantId.Parse("acme"), Identifier.Parse("tickets"));
    public string WarehousePath => Path.Combine(Dir, "warehouse.duckdb");

    public void UseContract(string yaml)
    {
        File.WriteAllText(Path.Combine(Dir, "contracts", "tickets.yaml"), yaml);
        Contract = ContractLoader.LoadFolder(Path.Combine(Dir, "contracts")).Single();
    }

    public Task LandAsync(string name, string csv)
        => Objects.PutAsync(Stream.Prefix + name, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv.ReplaceLineEndings("\n") + "\n")), default);

    /// <summary>Two files: every key changes priority, and k1 its status too.</summary>
    public async Task LandFirstTwoAsync()
    {
        await LandAsync("a.csv", """
            id,updated,status,priority
            k1,2025-06-21T10:00:00Z,open,p1
            k2,2025-06-21T10:00:00Z,open,p1
            """);
        await LandAsync("b.csv", """
            id,updated,status,priority
            k1,2025-06-21T11:00:00Z,closed,p2
            k2,2025-06-21T11:00:00Z,open,p2
            """);
    }

    public async Task<RunRecord> LoadAsync()
    {
        var state = new SqliteStateStore(Path.Combine(Dir, "state.db"), TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        var loader = new StreamLoader(Objects, state, new DuckDbWarehouse(WarehousePath), FileReaders.All, new LoaderOptions { Owner = "test" }, TimeProvider.System);
        return await loader.LoadAsync(Stream, Contract, default);
    }

    /// <summary>The tenant's rows, read under the contract stored with the table (the one its columns follow), values aligned with <see cref="Contract"/>.</summary>
    public async Task<List<VersionRow>> RowsAsync(string? key = null)
    {
        var warehouse = new DuckDbWarehouse(WarehousePath);
        var stored = await warehouse.ReadContractAsync(Contract.Table, default);
        var under = stored?.Parse() ?? Contract;
        var map = Contract.Columns.Select(c => under.Ordinal(c.Name.Value)).ToArray();
        return [.. (await warehouse.ReadAllAsync(under, Stream.Tenant, default))
            .Select(r => r with { Values = [.. map.Select(i => i >= 0 ? r.Values[i] : null)] }) // aligned with Contract's columns
            .Where(r => key is null || r.Key.Text == key).OrderBy(r => r.Key.Text).ThenBy(r => r.EffectiveDate)];
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder.
        }
    }
}
