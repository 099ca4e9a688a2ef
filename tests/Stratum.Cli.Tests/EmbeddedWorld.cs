using Stratum.Cli.Commands;
using Stratum.Simulation;
using Stratum.Contracts;
using Stratum.DuckDb;
using Stratum.Formats;
using Stratum.Formats.Writing;
using Stratum.Loading;
using Stratum.Names;
using Stratum.Objects;
using Stratum.Planning;
using Stratum.Sqlite;
using Stratum.State;

namespace Stratum.Cli.Tests;

/// <summary>A real embedded deployment in a temp folder: local files, a SQLite state file, a DuckDB warehouse file.</summary>
public sealed class EmbeddedWorld : IAsyncDisposable
{
    public EmbeddedWorld(string? table = "time_entries", string tenant = "sitetechnology", string? contractYaml = null)
    {
        Dir = Directory.CreateTempSubdirectory("stratum-e2e-").FullName;
        ExampleContracts.WriteTo(Path.Combine(Dir, "contracts"), overwrite: true);
        if (contractYaml is not null)
        {
            // A contract of the test's own, beside the examples (it names its table).
            table = ContractLoader.Parse(contractYaml, "test.yaml").Table.Value;
            File.WriteAllText(Path.Combine(Dir, "contracts", table + ".yaml"), contractYaml);
        }
        Contract = ContractLoader.LoadFolder(Path.Combine(Dir, "contracts")).Single(c => c.Table.Value == table);
        Objects = new LocalFolderObjectStore(Path.Combine(Dir, "landing"));
        Stream = new StreamId(TenantId.Parse(tenant), Contract.Table);
        File.WriteAllText(Path.Combine(Dir, "stratum.yaml"), $"""
            objects: file://./landing
            state: sqlite://./state.db
            warehouse: duckdb://./warehouse.duckdb
            tenants: {tenant}
            contracts: ./contracts
            """);
    }

    public string Dir { get; }
    public TableContract Contract { get; }
    public LocalFolderObjectStore Objects { get; }
    public StreamId Stream { get; }
    public string StatePath => Path.Combine(Dir, "state.db");
    public string WarehousePath => Path.Combine(Dir, "warehouse.duckdb");

    public IReadOnlyList<MspDataGenerator.GeneratedFile> Generate(int records = 200, int syncs = 6, int seed = 7)
        => new MspDataGenerator(Contract, seed).Generate(records, syncs);

    public async Task LandAsync(MspDataGenerator.GeneratedFile file, string? name = null)
    {
        using var buffer = new MemoryStream();
        await ParquetFileWriter.WriteAsync(buffer, Contract, file.Rows, default);
        buffer.Position = 0;
        await Objects.PutAsync(Stream.Prefix + (name ?? file.Name), buffer, default);
    }

    public string PathOf(string name) => Objects.FullPath(Stream.Prefix + name);

    public StreamLoader Loader(string owner = "test", LoaderOptions? options = null, IStateStore? state = null)
        => new(Objects, state ?? new SqliteStateStore(StatePath, TimeProvider.System), new DuckDbWarehouse(WarehousePath),
            FileReaders.All, (options ?? new LoaderOptions()) with { Owner = owner }, TimeProvider.System);

    public async Task<RunRecord> LoadAsync(string owner = "test", LoaderOptions? options = null)
    {
        var state = new SqliteStateStore(StatePath, TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        return await Loader(owner, options, state).LoadAsync(Stream, Contract, default);
    }

    public async Task<IReadOnlyList<VersionRow>> TableAsync()
        => await new DuckDbWarehouse(WarehousePath).ReadAllAsync(Contract, Stream.Tenant, default);

    public async Task<IReadOnlyDictionary<string, LedgerEntry>> LedgerAsync()
    {
        var state = new SqliteStateStore(StatePath, TimeProvider.System);
        await state.EnsureCreatedAsync(default);
        return await state.GetLedgerAsync(Stream, default);
    }

    /// <summary>Business content and SCD columns, lineage left out (which worker read a file first may differ).</summary>
    public static List<string> Canonical(IEnumerable<VersionRow> rows)
        => [.. rows.Select(r => $"{r.Key.Text}|{r.EffectiveDate:O}|{r.ExpirationDate:O}|{r.IsCurrent}|{r.Hash}|{r.RecordVersion}|{r.Hidden}|{string.Join(",", r.Values.Select(v => v is DateTime t ? t.ToString("O") : v?.ToString() ?? "∅"))}")
            .Order(StringComparer.Ordinal)];

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A killed worker's files may linger a moment; the temp folder is cleaned by the OS.
        }
        return ValueTask.CompletedTask;
    }
}
